package org.rocketjms.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Releases a memory mapping at once instead of waiting for the garbage collector, so deleted commit-log files
 * free their disk space promptly. The JDK offers this only through {@code sun.misc.Unsafe#invokeCleaner}
 * (module jdk.unsupported); it is looked up once, and if it is missing the mapping is simply left to the GC.
 * This is the one place in the store that uses reflection.
 */
public final class Unmapper {
    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invoke = null;
        try {
            Class<?> cls = Class.forName("sun.misc.Unsafe");
            Field f = cls.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            invoke = cls.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("sun.misc.Unsafe#invokeCleaner unavailable ({}); mappings are released by the GC", e.toString());
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invoke;
    }

    private Unmapper() {
    }

    /** Unmaps {@code buffer} now if possible; the caller guarantees nobody reads it any more. */
    public static void unmap(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || buffer == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("unmapping failed; leaving it to the GC", e);
        }
    }
}
