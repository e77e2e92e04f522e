package org.rocketjms.jms.client.internal;

/**
 * Exponential retry delay between a minimum and a maximum: doubles on each {@link #next()}, back to the minimum
 * on {@link #reset()}. Single-threaded use.
 */
public final class Backoff {

    private final long min;
    private final long max;
    private long current;

    /**
     * @param minMillis first delay
     * @param maxMillis largest delay
     */
    public Backoff(long minMillis, long maxMillis) {
        this.min = minMillis;
        this.max = maxMillis;
        this.current = minMillis;
    }

    /** The delay to wait now; the following one is twice as long (up to the maximum). */
    public long next() {
        long d = current;
        current = Math.min(max, current * 2);
        return d;
    }

    /** Starts over at the minimum. */
    public void reset() {
        current = min;
    }
}
