package org.rocketjms.ra;

import java.lang.System.Logger;

/**
 * Loggers of the resource adapter. Application servers route {@link System.Logger} (and JUL beneath it) into their
 * own logs, whereas an SLF4J API inside a RAR has no binding there and would be silent.
 */
public final class RaLog {
    private RaLog() {
    }

    /** The logger named after {@code type}. */
    public static Logger of(Class<?> type) {
        return System.getLogger(type.getName());
    }
}
