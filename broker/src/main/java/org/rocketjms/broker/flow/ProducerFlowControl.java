package org.rocketjms.broker.flow;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Producer flow control: keeps producers from outrunning the consumers of a destination without bound.
 *
 * <p>A destination's backlog is what its slowest subscription has not acknowledged yet (for a JMS queue: every
 * message stored and not acknowledged). When it is above {@code maxDestinationBacklog}:
 * <ul>
 *   <li>{@link Policy#BLOCK}: a send is stored as usual, but its answer is held until consumers acknowledged enough
 *       messages to bring the backlog back under the limit (answers of one destination are released in the order
 *       they were held). A synchronous send blocks; pipelined sends (NON_PERSISTENT, with a CompletionListener)
 *       fill their producer's window and then block. The backlog therefore stays within the limit plus what producers have in
 *       flight. An answer held longer than {@code flowControlMaxHoldMillis} is released anyway, so that a producer
 *       whose consumers stopped is slowed to about one window per hold instead of running into its send timeout (the
 *       message is stored: a timeout would make the application send it again).</li>
 *   <li>{@link Policy#FAIL}: the send is refused before it is stored ({@code DESTINATION_FULL}; the JMS client throws
 *       {@code ResourceAllocationException} naming the limit).</li>
 * </ul>
 * Transaction halves are not counted nor held: they join the backlog only at commit.
 *
 * <p>Off ({@code maxDestinationBacklog=0}, the default) every answer is written at once, without looking anything
 * up: the store is on disk, and a backlog of millions of messages is something this broker is built to keep.
 */
public final class ProducerFlowControl {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerFlowControl.class);

    /** What happens to a send to a destination whose backlog is above the limit. */
    public enum Policy {
        /** Store it and hold the answer (the producer waits). */
        BLOCK,
        /** Refuse it. */
        FAIL;

        /** Parses a policy name, case-insensitively. */
        public static Policy parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a destination-full policy: " + s + " (BLOCK or FAIL)", e);
            }
        }
    }

    private record Held(RemotingChannel channel, RemotingCommand response, long heldAtNanos) {
    }

    /** The held answers of one destination, in the order they were held. */
    private static final class Gate {
        final ArrayDeque<Held> held = new ArrayDeque<>();
        /** When holding answers was last logged (at most once a minute per destination). */
        long loggedAtNanos;
        boolean logged;
        /**
         * An upper bound of the backlog: computed at {@code estimatedAtNanos}, plus one per send answered since
         * (acknowledgements since then only make it smaller). Saves computing the backlog, which looks at every
         * subscription's queues, on every send while the destination is clearly below the limit.
         */
        long estimate;
        long estimatedAtNanos;
        boolean estimated;
    }

    /** How long an estimate is used before the backlog is computed again. */
    private static final long ESTIMATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long limit;
    private final Policy policy;
    private final long maxHoldNanos;
    private final ToLongFunction<String> backlog;
    private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

    /**
     * @param limit         backlog above which the policy applies; 0 = flow control off
     * @param policy        what happens then
     * @param maxHoldMillis longest time an answer is held under {@link Policy#BLOCK}
     * @param backlog       a destination's current backlog (messages), from its name as producers send to it
     */
    public ProducerFlowControl(long limit, Policy policy, long maxHoldMillis, ToLongFunction<String> backlog) {
        if (limit < 0) {
            throw new IllegalArgumentException("maxDestinationBacklog must not be negative, was " + limit);
        }
        if (maxHoldMillis < 1) {
            throw new IllegalArgumentException("flowControlMaxHoldMillis must be positive, was " + maxHoldMillis);
        }
        this.limit = limit;
        this.policy = policy;
        this.maxHoldNanos = TimeUnit.MILLISECONDS.toNanos(maxHoldMillis);
        this.backlog = backlog;
    }

    /** Whether a limit is set. */
    public boolean enabled() {
        return limit > 0;
    }

    /**
     * Under {@link Policy#FAIL}, why a send to {@code destination} must be refused (its backlog is at the limit), or
     * null if it may be stored.
     */
    public String refusal(String destination) {
        if (limit <= 0 || policy != Policy.FAIL) {
            return null;
        }
        Gate g = gates.computeIfAbsent(destination, d -> new Gate());
        long b;
        synchronized (g) {
            if (fits(g, destination, 1, System.nanoTime())) { // counted as stored from here on
                return null;
            }
            b = g.estimate - 1;
        }
        return "destination " + destination + " is full: " + b + " messages are waiting for its consumers and"
                + " maxDestinationBacklog is " + limit + " (destinationFullPolicy=FAIL); the message was not stored";
    }

    /**
     * Whether the destination's backlog plus {@code extra} messages is within the limit. Uses the gate's upper bound
     * while it is fresh and says yes, else counts exactly; either way the bound then includes the new message(s).
     * Caller holds {@code g}.
     */
    private boolean fits(Gate g, String destination, long extra, long now) {
        if (g.estimated && now - g.estimatedAtNanos < ESTIMATE_NANOS && g.estimate + 1 <= limit) {
            g.estimate++; // still within the limit even if nothing was acknowledged since the last count
            return true;
        }
        long b = backlog.applyAsLong(destination) + extra;
        g.estimate = b;
        g.estimatedAtNanos = now;
        g.estimated = true;
        return b <= limit;
    }

    /**
     * Writes the answer of a successful send to {@code destination} now, or holds it under {@link Policy#BLOCK} while
     * the destination is above the limit or earlier answers of it are still held.
     */
    public void answer(String destination, RemotingChannel channel, RemotingCommand response) {
        if (limit <= 0 || policy != Policy.BLOCK) {
            channel.writeResponse(response);
            return;
        }
        Gate g = gates.computeIfAbsent(destination, d -> new Gate());
        synchronized (g) {
            long now = System.nanoTime();
            // the message is stored already: an exact count includes it (extra 0)
            if (g.held.isEmpty() && fits(g, destination, 0, now)) {
                channel.writeResponse(response);
                return;
            }
            g.held.addLast(new Held(channel, response, now));
            if (!g.logged || now - g.loggedAtNanos > LOG_INTERVAL_NANOS) {
                g.logged = true;
                g.loggedAtNanos = now;
                LOG.info("destination {} is above maxDestinationBacklog={}: answers to its producers are held until"
                        + " its consumers catch up", destination, limit);
            }
        }
    }

    /**
     * Consumers acknowledged messages of {@code topic} (a destination or its priority band): releases the held
     * answers there is room for.
     */
    public void consumed(String topic) {
        if (limit <= 0 || policy != Policy.BLOCK) {
            return;
        }
        Gate g = gates.get(DeliveryRouter.baseTopic(topic));
        if (g != null) {
            release(DeliveryRouter.baseTopic(topic), g, System.nanoTime());
        }
    }

    /** Releases what there is room for on every destination, and answers held longer than the maximum hold. */
    public void sweep() {
        if (limit <= 0 || policy != Policy.BLOCK) {
            return;
        }
        long now = System.nanoTime();
        gates.forEach((destination, g) -> release(destination, g, now));
    }

    private void release(String destination, Gate g, long now) {
        synchronized (g) {
            if (g.held.isEmpty()) {
                return;
            }
            // the messages of held answers are stored, so they are part of the backlog: each answer released lets its
            // producer send one more, so release one per message the backlog is below the limit without them
            long room = limit - (backlog.applyAsLong(destination) - g.held.size());
            int overdue = 0;
            while (!g.held.isEmpty()) {
                Held h = g.held.peekFirst();
                if (room > 0) {
                    room--;
                } else if (now - h.heldAtNanos() >= maxHoldNanos) {
                    overdue++;
                } else {
                    break;
                }
                g.held.pollFirst();
                h.channel().writeResponse(h.response()); // dropped at debug level if the producer went away
            }
            if (overdue > 0) {
                LOG.debug("{} answers to producers of {} released after the maximum hold; its consumers are behind",
                        overdue, destination);
            }
        }
    }

    /** Answers held right now, over all destinations (for tests and monitoring). */
    public int heldAnswers() {
        int n = 0;
        for (Gate g : gates.values()) {
            synchronized (g) {
                n += g.held.size();
            }
        }
        return n;
    }

    /** Answers every held send (the broker is stopping; the messages are stored). */
    public void releaseAll() {
        gates.forEach((d, g) -> {
            synchronized (g) {
                Held h;
                while ((h = g.held.pollFirst()) != null) {
                    h.channel().writeResponse(h.response()); // dropped at debug level if the producer went away
                }
            }
        });
    }
}
