package org.rocketjms.jms.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An object stream that refuses, through an {@link ObjectInputFilter}, every class a {@link TrustedPackages} policy
 * does not trust (and whatever a JVM-wide {@code jdk.serialFilter} rejects), remembering the first refused class so
 * the caller can name it. Classes are resolved through the thread context class loader first, so application
 * classes are found inside containers; resolving does not initialize a class, and the filter runs before any
 * instance is created.
 */
final class TrustedObjectInputStream extends ObjectInputStream {
    private final PackageFilter filter;

    TrustedObjectInputStream(InputStream in, TrustedPackages policy) throws IOException {
        super(in);
        this.filter = new PackageFilter(policy, ObjectInputFilter.Config.getSerialFilter());
        setObjectInputFilter(filter);
    }

    /** The first class the filter refused, or null. */
    Class<?> rejectedClass() {
        return filter.rejected;
    }

    /** Whether the refusal came from the JVM-wide filter rather than the trusted-package policy. */
    boolean rejectedByJvmFilter() {
        return filter.rejectedByJvm;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null) {
            try {
                return Class.forName(desc.getName(), false, tccl);
            } catch (ClassNotFoundException e) {
                // not visible to the context loader: fall back to the default resolution below, which reports
                // its own ClassNotFoundException when the class is found nowhere
                return super.resolveClass(desc);
            }
        }
        return super.resolveClass(desc);
    }

    /** The filter: trusted-package policy first, then the JVM-wide filter if one is configured. */
    private static final class PackageFilter implements ObjectInputFilter {
        private final TrustedPackages policy;
        private final ObjectInputFilter jvmFilter;
        Class<?> rejected;
        boolean rejectedByJvm;

        PackageFilter(TrustedPackages policy, ObjectInputFilter jvmFilter) {
            this.policy = policy;
            this.jvmFilter = jvmFilter;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Class<?> c = info.serialClass();
            if (c != null && !policy.isTrusted(c)) {
                if (rejected == null) {
                    rejected = c;
                }
                return Status.REJECTED;
            }
            if (jvmFilter != null) {
                Status s = jvmFilter.checkInput(info);
                if (s == Status.REJECTED) {
                    if (rejected == null) {
                        rejected = c;
                        rejectedByJvm = true;
                    }
                    return s;
                }
            }
            return c == null ? Status.UNDECIDED : Status.ALLOWED;
        }
    }
}
