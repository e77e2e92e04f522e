package org.rocketjms.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exact accounting of a crash-torture run: every message carries a unique id ({@code uid}); the ledger records what
 * the producers were told about each send and what the consumers were told about each acknowledgement, and checks
 * every delivery against that as it happens.
 *
 * <p>What counts as certain and what as in doubt:
 * <ul>
 *   <li>a send whose call returned (plain session) or whose transaction's {@code commit()} returned is
 *       <b>acknowledged</b>: it must be delivered to every stream it was sent to, eventually;</li>
 *   <li>a send whose call threw, or whose transaction's {@code commit()} threw something other than
 *       {@code TransactionRolledBackException}, is <b>in doubt</b>: it may or may not be delivered, but a transaction
 *       is all or nothing;</li>
 *   <li>a transaction rolled back, refused, or never committed (a send of it threw) must <b>never</b> be visible,
 *       and no transacted send may be visible before its {@code commit()} is called;</li>
 *   <li>a delivery whose {@code acknowledge()} or {@code commit()} returned is <b>acked</b>: it must never be
 *       delivered again on that stream; one whose ack call threw may be redelivered;</li>
 *   <li>a message the application already received and did not get acked must carry {@code JMSRedelivered=true} when
 *       it is delivered again.</li>
 * </ul>
 * A stream is one subscription: the queue (all its consumers) or the durable topic subscription.
 */
final class Ledger {
    /** What a producer knows about a message. */
    enum SendState {
        /** Send in progress (plain) or sent inside a transaction whose commit was not called yet. */
        PENDING,
        /** commit() called, not returned yet. */
        COMMITTING,
        /** The send (or its commit) returned. */
        ACKED,
        /** The send or commit threw: may or may not be stored. */
        IN_DOUBT,
        /** Rolled back, refused or never committed: must never be visible. */
        ABORTED
    }

    /** Per-cycle counters. */
    enum Counter {
        SENT, SEND_ACKED, SEND_IN_DOUBT, ABORTED, RECEIVED, CONSUME_ACKED, REDELIVERED, ACK_IN_DOUBT
    }

    private static final class Msg {
        final String uid;
        final int cycle;
        final List<String> streams;
        final String txn;
        volatile SendState state = SendState.PENDING;

        Msg(String uid, int cycle, List<String> streams, String txn) {
            this.uid = uid;
            this.cycle = cycle;
            this.streams = streams;
            this.txn = txn;
        }
    }

    /** Delivery state of one uid in one stream. */
    private static final class Delivery {
        int deliveries;
        boolean acked;
        boolean seen;
    }

    private final Map<String, Msg> msgs = new ConcurrentHashMap<>();
    private final Map<String, List<Msg>> txns = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Delivery>> streams = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final int maxCycles;
    private final AtomicLongArray counters;
    private final AtomicLongArray duplicatesOfAcked;

    Ledger(int maxCycles) {
        this.maxCycles = maxCycles + 2;
        this.counters = new AtomicLongArray(this.maxCycles * Counter.values().length);
        this.duplicatesOfAcked = new AtomicLongArray(this.maxCycles);
    }

    void count(int cycle, Counter c, long n) {
        counters.addAndGet(cycle * Counter.values().length + c.ordinal(), n);
    }

    long get(int cycle, Counter c) {
        return counters.get(cycle * Counter.values().length + c.ordinal());
    }

    long duplicatesOfAcked(int cycle) {
        return duplicatesOfAcked.get(cycle);
    }

    /** Registers a message about to be sent to {@code streams} (inside transaction {@code txn}, or null). */
    void sending(String uid, int cycle, List<String> toStreams, String txn) {
        Msg m = new Msg(uid, cycle, toStreams, txn);
        msgs.put(uid, m);
        if (txn != null) {
            txns.computeIfAbsent(txn, t -> Collections.synchronizedList(new ArrayList<>())).add(m);
        }
        count(cycle, Counter.SENT, 1);
    }

    /** Outcome of a plain send. */
    void sent(String uid, boolean returned) {
        Msg m = msgs.get(uid);
        m.state = returned ? SendState.ACKED : SendState.IN_DOUBT;
        count(m.cycle, returned ? Counter.SEND_ACKED : Counter.SEND_IN_DOUBT, 1);
    }

    /** Sets every message of a transaction to {@code state}. */
    void transaction(String txn, SendState state) {
        List<Msg> ms = txns.getOrDefault(txn, List.of());
        synchronized (ms) {
            for (Msg m : ms) {
                m.state = state;
                switch (state) {
                    case ACKED -> count(m.cycle, Counter.SEND_ACKED, 1);
                    case IN_DOUBT -> count(m.cycle, Counter.SEND_IN_DOUBT, 1);
                    case ABORTED -> count(m.cycle, Counter.ABORTED, 1);
                    default -> {
                    }
                }
            }
        }
    }

    /** Checks one delivery to {@code stream} in {@code cycle}; returns the uid. */
    void delivered(String stream, int cycle, String uid, boolean redeliveredFlag) {
        count(cycle, Counter.RECEIVED, 1);
        if (redeliveredFlag) {
            count(cycle, Counter.REDELIVERED, 1);
        }
        Msg m = uid == null ? null : msgs.get(uid);
        if (m == null) {
            violation("cycle " + cycle + ": " + stream + " delivered a message nobody sent: uid " + uid);
            return;
        }
        if (!m.streams.contains(stream)) {
            violation("cycle " + cycle + ": " + uid + " delivered to " + stream + " but sent to " + m.streams);
        }
        SendState s = m.state;
        if (s == SendState.ABORTED) {
            violation("cycle " + cycle + ": " + uid + " of rolled-back/never-committed transaction " + m.txn
                    + " was delivered on " + stream);
        } else if (m.txn != null && s == SendState.PENDING) {
            violation("cycle " + cycle + ": " + uid + " of transaction " + m.txn + " visible before commit() was called");
        }
        Map<String, Delivery> st = streams.computeIfAbsent(stream, k -> new ConcurrentHashMap<>());
        Delivery d = st.computeIfAbsent(uid, k -> new Delivery());
        synchronized (d) {
            if (d.acked) {
                duplicatesOfAcked.incrementAndGet(cycle);
                violation("cycle " + cycle + ": " + uid + " delivered again on " + stream
                        + " after its acknowledge/commit returned (redelivered flag " + redeliveredFlag + ")");
            } else if (d.seen && !redeliveredFlag) {
                violation("cycle " + cycle + ": " + uid + " delivered again on " + stream
                        + " without JMSRedelivered=true after the application had received it");
            }
            d.seen = true;
            d.deliveries++;
        }
    }

    /** The ack (or commit) of {@code uids} on {@code stream} returned ({@code returned}) or threw. */
    void acked(String stream, int cycle, Collection<String> uids, boolean returned) {
        if (!returned) {
            count(cycle, Counter.ACK_IN_DOUBT, uids.size());
            return;
        }
        Map<String, Delivery> st = streams.computeIfAbsent(stream, k -> new ConcurrentHashMap<>());
        for (String uid : uids) {
            Delivery d = st.get(uid);
            if (d != null) {
                synchronized (d) {
                    d.acked = true;
                }
            }
        }
        count(cycle, Counter.CONSUME_ACKED, uids.size());
    }

    void violation(String what) {
        violations.add(what);
    }

    List<String> violations() {
        synchronized (violations) {
            return new ArrayList<>(violations);
        }
    }

    /** Acknowledged sends that {@code stream} never delivered, as {@code uid}s; per send cycle in {@code perCycle}. */
    List<String> lost(String stream, long[] perCycle) {
        List<String> lost = new ArrayList<>();
        Map<String, Delivery> st = streams.getOrDefault(stream, Map.of());
        for (Msg m : msgs.values()) {
            if (m.state == SendState.ACKED && m.streams.contains(stream) && !st.containsKey(m.uid)) {
                lost.add(m.uid);
                perCycle[Math.min(m.cycle, perCycle.length - 1)]++;
            }
        }
        Collections.sort(lost);
        return lost;
    }

    /** Messages every stream must deliver (acknowledged sends). */
    long mustDeliver(String stream) {
        return msgs.values().stream().filter(m -> m.state == SendState.ACKED && m.streams.contains(stream)).count();
    }

    /** How many of the acknowledged sends to {@code stream} it delivered so far. */
    long deliveredOfMust(String stream) {
        Map<String, Delivery> st = streams.getOrDefault(stream, Map.of());
        return msgs.values().stream().filter(m -> m.state == SendState.ACKED && m.streams.contains(stream)
                && st.containsKey(m.uid)).count();
    }

    /** Transactions in doubt that became partly visible: some of their messages delivered on a stream, some not. */
    List<String> partlyVisibleTransactions() {
        List<String> partial = new ArrayList<>();
        for (Map.Entry<String, List<Msg>> t : txns.entrySet()) {
            List<Msg> ms;
            synchronized (t.getValue()) {
                ms = new ArrayList<>(t.getValue());
            }
            if (ms.isEmpty() || ms.get(0).state != SendState.IN_DOUBT) {
                continue; // ACKED: covered by lost(); ABORTED: any delivery is already a violation
            }
            for (String stream : streams.keySet()) {
                Map<String, Delivery> st = streams.get(stream);
                long expected = ms.stream().filter(m -> m.streams.contains(stream)).count();
                long seen = ms.stream().filter(m -> m.streams.contains(stream) && st.containsKey(m.uid)).count();
                if (seen != 0 && seen != expected) {
                    partial.add(t.getKey() + " on " + stream + ": " + seen + " of " + expected + " delivered");
                }
            }
        }
        return partial;
    }

    /** Number of transactions (all states). */
    int transactions() {
        return txns.size();
    }

    /** Number of transactions whose messages are in state {@code s}. */
    long transactions(SendState s) {
        return txns.values().stream().filter(l -> {
            synchronized (l) {
                return !l.isEmpty() && l.get(0).state == s;
            }
        }).count();
    }

    int maxCycles() {
        return maxCycles;
    }
}
