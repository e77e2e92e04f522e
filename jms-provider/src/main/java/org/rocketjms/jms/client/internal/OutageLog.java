package org.rocketjms.jms.client.internal;

import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;

/**
 * Logs failures to reach one peer at WARN once per outage and at DEBUG afterwards, and logs the recovery at
 * INFO, so a broker restart yields two lines instead of one per retry. Thread-safe.
 */
public final class OutageLog {

    private final Logger log;
    private final ConcurrentHashMap<String, Long> down = new ConcurrentHashMap<>();

    /** @param log where to log */
    public OutageLog(Logger log) {
        this.log = log;
    }

    /**
     * Records a failure of {@code what} against {@code key}.
     *
     * @return true if this starts a new outage (and was logged at WARN)
     */
    public boolean failure(String key, String what, Throwable cause) {
        if (down.putIfAbsent(key, System.currentTimeMillis()) == null) {
            log.warn("{} failed; retrying quietly until it works again: {}", what, String.valueOf(cause));
            return true;
        }
        log.debug("{} failed again", what, cause);
        return false;
    }

    /** Records a success against {@code key}; logs the end of an outage. */
    public void success(String key, String what) {
        Long since = down.remove(key);
        if (since != null) {
            log.info("{} works again after {} ms", what, System.currentTimeMillis() - since);
        }
    }

    /** True while {@code key} is in an outage. */
    public boolean isDown(String key) {
        return down.containsKey(key);
    }
}
