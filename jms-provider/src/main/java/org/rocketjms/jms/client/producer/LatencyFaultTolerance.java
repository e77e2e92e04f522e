package org.rocketjms.jms.client.producer;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers which brokers recently failed or answered sends slowly, so producers avoid them for a penalty
 * period. A broker is <em>available</em> when it has no record or its penalty has passed.
 *
 * <p>Rules: a failed send penalises the broker for {@code penaltyMillis}; a send slower than
 * {@code slowThresholdMillis} penalises it for a period proportional to the latency (at most the penalty); a
 * fast success clears the record. Thread-safe.
 */
public final class LatencyFaultTolerance {

    private final long slowThresholdMillis;
    private final long penaltyMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Long> notAvailableUntil = new ConcurrentHashMap<>();

    /**
     * @param slowThresholdMillis a send slower than this marks the broker slow
     * @param penaltyMillis       how long a failed broker is avoided
     */
    public LatencyFaultTolerance(long slowThresholdMillis, long penaltyMillis) {
        this(slowThresholdMillis, penaltyMillis, System::currentTimeMillis);
    }

    /** Same, with an injectable millisecond clock (for tests). */
    public LatencyFaultTolerance(long slowThresholdMillis, long penaltyMillis, LongSupplier clock) {
        this.slowThresholdMillis = slowThresholdMillis;
        this.penaltyMillis = penaltyMillis;
        this.clock = clock;
    }

    /**
     * Records the outcome of one send to {@code brokerName}.
     *
     * @param latencyMillis how long it took
     * @param failed        true if it failed (timeout, connection failure)
     */
    public void update(String brokerName, long latencyMillis, boolean failed) {
        long now = clock.getAsLong();
        if (failed) {
            notAvailableUntil.put(brokerName, now + penaltyMillis);
        } else if (latencyMillis > slowThresholdMillis) {
            long penalty = Math.min(penaltyMillis, latencyMillis * 10);
            notAvailableUntil.put(brokerName, now + penalty);
        } else {
            notAvailableUntil.remove(brokerName);
        }
    }

    /** True if the broker has no current penalty. */
    public boolean isAvailable(String brokerName) {
        Long until = notAvailableUntil.get(brokerName);
        return until == null || clock.getAsLong() >= until;
    }

    /**
     * Among {@code candidates}, the broker whose penalty ends first (the best bet when all are penalised), or
     * null if there are none.
     */
    public String leastBad(Collection<String> candidates) {
        String best = null;
        long bestUntil = Long.MAX_VALUE;
        for (String c : candidates) {
            Long until = notAvailableUntil.get(c);
            long u = until == null ? Long.MIN_VALUE : until;
            if (best == null || u < bestUntil) {
                best = c;
                bestUntil = u;
            }
        }
        return best;
    }

    /** Forgets every record. */
    public void clear() {
        notAvailableUntil.clear();
    }
}
