package org.rocketjms.broker.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A transaction's messages join the backlog at its commit: under {@link Policy#BLOCK} the commit's answer (local or XA)
 * is held like a send's, until every destination it published to has room again; under {@link Policy#FAIL} a send in
 * a transaction to a full destination is refused before it is stored (the client then rolls the transaction back
 * at commit). The halves themselves are not held, so a transaction that consumes from a full destination and
 * produces to it can always reach its commit, whose acknowledgements make room.
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

    /**
     * An answer held at one destination's gate.
     *
     * @param heldAtNanos when the answer was first held (a commit's answer keeps it from gate to gate, so the maximum
     *                    hold bounds its whole wait)
     * @param messages    how many stored messages of that destination it stands for (1 for a send, more for a commit)
     * @param next        the other destinations a commit published to, whose gates it passes after this one (or null)
     */
    private record Held(RemotingChannel channel, RemotingCommand response, long heldAtNanos, int messages,
                        Iterator<Map.Entry<String, Integer>> next) {
    }

    /** The held answers of one destination, in the order they were held. */
    private static final class Gate {
        final ArrayDeque<Held> held = new ArrayDeque<>();
        /** The messages the held answers stand for (sum of {@link Held#messages}). */
        long heldMessages;
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
     * Under {@link Policy#FAIL}, why a send of {@code messages} messages to {@code destination} must be refused (its
     * backlog would be above the limit), or null if they may be stored.
     */
    public String refusal(String destination, int messages) {
        if (limit <= 0 || policy != Policy.FAIL) {
            return null;
        }
        Gate g = gates.computeIfAbsent(destination, d -> new Gate());
        long b;
        synchronized (g) {
            if (fits(g, destination, messages, messages, System.nanoTime())) { // counted as stored from here on
                return null;
            }
            b = g.estimate - messages;
        }
        return "destination " + destination + " is full: " + b + " messages are waiting for its consumers and"
                + " maxDestinationBacklog is " + limit + " (destinationFullPolicy=FAIL); the message was not stored";
    }

    /**
     * Whether the destination's backlog plus {@code extra} messages not stored yet is within the limit, for
     * {@code added} new messages. Uses the gate's upper bound while it is fresh and says yes, else counts exactly;
     * either way the bound then includes the new messages. Caller holds {@code g}.
     */
    private boolean fits(Gate g, String destination, long extra, int added, long now) {
        if (g.estimated && now - g.estimatedAtNanos < ESTIMATE_NANOS && g.estimate + added <= limit) {
            g.estimate += added; // still within the limit even if nothing was acknowledged since the last count
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
        answer(destination, 1, channel, response);
    }

    /** {@link #answer(String, RemotingChannel, RemotingCommand)} for a send of {@code messages} messages (a batch). */
    public void answer(String destination, int messages, RemotingChannel channel, RemotingCommand response) {
        if (limit <= 0 || policy != Policy.BLOCK) {
            channel.writeResponse(response);
            return;
        }
        if (admit(destination, messages, null, 0, channel, response)) {
            channel.writeResponse(response);
        }
    }

    /**
     * Writes the answer of a committed transaction now, or holds it under {@link Policy#BLOCK} until each destination
     * it published to (name → messages published there) is within the limit, one destination after the other.
     */
    public void answerCommit(Map<String, Integer> published, RemotingChannel channel, RemotingCommand response) {
        if (limit <= 0 || policy != Policy.BLOCK) {
            channel.writeResponse(response);
            return;
        }
        pass(published.entrySet().iterator(), 0, channel, response); // nothing published: written at once
    }

    /**
     * Takes the answer through the gates of the remaining destinations; writes it once past the last. {@code heldAt}:
     * when it was first held, 0 if never.
     */
    private void pass(Iterator<Map.Entry<String, Integer>> next, long heldAt, RemotingChannel channel,
                      RemotingCommand response) {
        while (next.hasNext()) {
            Map.Entry<String, Integer> e = next.next();
            if (!admit(e.getKey(), e.getValue(), next, heldAt, channel, response)) {
                return; // held; the release continues with the rest
            }
        }
        channel.writeResponse(response);
    }

    /**
     * True if the answer may pass {@code destination}'s gate now (its messages are stored already: an exact count
     * includes them); otherwise holds it there and returns false.
     */
    private boolean admit(String destination, int messages, Iterator<Map.Entry<String, Integer>> next, long heldAt,
                          RemotingChannel channel, RemotingCommand response) {
        Gate g = gates.computeIfAbsent(destination, d -> new Gate());
        synchronized (g) {
            long now = System.nanoTime();
            if (g.held.isEmpty() && fits(g, destination, 0, messages, now)) {
                return true;
            }
            g.held.addLast(new Held(channel, response, heldAt != 0 ? heldAt : now, messages, next));
            g.heldMessages += messages;
            if (!g.logged || now - g.loggedAtNanos > LOG_INTERVAL_NANOS) {
                g.logged = true;
                g.loggedAtNanos = now;
                LOG.info("destination {} is above maxDestinationBacklog={}: answers to its producers are held until"
                        + " its consumers catch up", destination, limit);
            }
            return false;
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
        List<Held> released = null;
        synchronized (g) {
            if (g.held.isEmpty()) {
                return;
            }
            // the messages of held answers are stored, so they are part of the backlog: each answer released lets its
            // producer send more, so release answers while the backlog without their messages is below the limit
            long room = limit - (backlog.applyAsLong(destination) - g.heldMessages);
            int overdue = 0;
            while (!g.held.isEmpty()) {
                Held h = g.held.peekFirst();
                if (room > 0) {
                    room -= h.messages();
                } else if (now - h.heldAtNanos() >= maxHoldNanos) {
                    overdue++;
                } else {
                    break;
                }
                g.held.pollFirst();
                g.heldMessages -= h.messages();
                if (released == null) {
                    released = new ArrayList<>();
                }
                released.add(h);
            }
            if (overdue > 0) {
                LOG.debug("{} answers to producers of {} released after the maximum hold; its consumers are behind",
                        overdue, destination);
            }
        }
        if (released == null) {
            return;
        }
        for (Held h : released) { // outside the gate: a commit's answer may go on to another destination's gate
            if (h.next() == null) {
                h.channel().writeResponse(h.response()); // dropped at debug level if the producer went away
            } else {
                pass(h.next(), h.heldAtNanos(), h.channel(), h.response());
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

    /**
     * Messages whose send answers are held right now, over all destinations (a coalesced or batch send's answer
     * counts its messages).
     */
    public long heldMessages() {
        long n = 0;
        for (Gate g : gates.values()) {
            synchronized (g) {
                n += g.heldMessages;
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
                g.heldMessages = 0;
            }
        });
    }
}
