package org.rocketjms.jms.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which classes an {@code ObjectMessage} body may deserialize. A class is trusted when it is a primitive, an array
 * of trusted components, or declared in a trusted package. An entry {@code com.acme} trusts exactly the package
 * {@code com.acme}; {@code com.acme.*} trusts it and all its subpackages; {@code *} trusts every class (no
 * protection against deserialization gadgets — use only with trusted producers).
 *
 * <p>The default policy trusts {@code java.lang}, {@code java.util}, {@code java.math} and {@code java.time}. The
 * system property {@value #SYSTEM_PROPERTY} (a comma-separated list) adds entries to those defaults; a connection
 * factory may instead pass its own policy to {@link RocketObjectMessage#setTrustedPackages}. Instances are
 * immutable.
 */
public final class TrustedPackages {
    /** System property adding trusted packages to the defaults: a comma-separated list, {@code *} for all. */
    public static final String SYSTEM_PROPERTY = "org.rocketjms.jms.trustedPackages";

    /** Packages trusted by default. */
    public static final List<String> DEFAULT_PACKAGES = List.of("java.lang", "java.util", "java.math", "java.time");

    private static final String ALL = "*";
    private static final String SUBPACKAGES = ".*";

    private final boolean all;
    private final Set<String> exact;
    private final List<String> prefixes;
    private final List<String> entries;

    private TrustedPackages(Collection<String> entries) {
        boolean everything = false;
        Set<String> exactSet = new LinkedHashSet<>();
        List<String> prefixList = new ArrayList<>();
        List<String> cleaned = new ArrayList<>();
        for (String raw : entries) {
            if (raw == null) {
                continue;
            }
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            cleaned.add(e);
            if (e.equals(ALL)) {
                everything = true;
            } else if (e.endsWith(SUBPACKAGES)) {
                String pkg = e.substring(0, e.length() - SUBPACKAGES.length());
                exactSet.add(pkg);
                prefixList.add(pkg + ".");
            } else {
                exactSet.add(e);
            }
        }
        this.all = everything;
        this.exact = Collections.unmodifiableSet(exactSet);
        this.prefixes = List.copyOf(prefixList);
        this.entries = List.copyOf(cleaned);
    }

    /** The default policy: {@link #DEFAULT_PACKAGES} only. */
    public static TrustedPackages defaults() {
        return new TrustedPackages(DEFAULT_PACKAGES);
    }

    /** A policy trusting every class. */
    public static TrustedPackages all() {
        return new TrustedPackages(List.of(ALL));
    }

    /** A policy trusting exactly the given entries (the defaults are not included). */
    public static TrustedPackages of(String... entries) {
        return new TrustedPackages(List.of(entries));
    }

    /** A policy trusting exactly the given entries (the defaults are not included). */
    public static TrustedPackages of(Collection<String> entries) {
        return new TrustedPackages(new ArrayList<>(entries));
    }

    /** The defaults plus the entries of a comma-separated list (null or blank adds nothing). */
    public static TrustedPackages defaultsPlus(String commaSeparated) {
        List<String> all = new ArrayList<>(DEFAULT_PACKAGES);
        if (commaSeparated != null) {
            Collections.addAll(all, commaSeparated.split(","));
        }
        return new TrustedPackages(all);
    }

    /** The defaults plus the entries of the system property {@value #SYSTEM_PROPERTY}, read now. */
    public static TrustedPackages fromSystemProperty() {
        return defaultsPlus(System.getProperty(SYSTEM_PROPERTY));
    }

    /** This policy plus more entries. */
    public TrustedPackages plus(String... more) {
        List<String> combined = new ArrayList<>(entries);
        Collections.addAll(combined, more);
        return new TrustedPackages(combined);
    }

    /** Whether every class is trusted. */
    public boolean trustsAll() {
        return all;
    }

    /** The entries of this policy, as given. */
    public List<String> entries() {
        return entries;
    }

    /** Whether instances of the class may be deserialized under this policy. */
    public boolean isTrusted(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || all) {
            return true;
        }
        String pkg = c.getPackageName();
        if (exact.contains(pkg)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (pkg.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TrustedPackages" + entries;
    }
}
