package org.rocketjms.broker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes message ids unique across brokers and restarts: 8 random bytes drawn at start, then a per-process
 * counter, as 32 upper-case hex digits (no {@code ID:} prefix; the JMS layer adds it).
 */
public final class MessageIdGenerator {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    /** Draws a fresh random prefix. */
    public MessageIdGenerator() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        prefix = HexFormat.of().withUpperCase().formatHex(b);
    }

    /** The next id. */
    public String next() {
        return prefix + String.format("%016X", counter.incrementAndGet());
    }
}
