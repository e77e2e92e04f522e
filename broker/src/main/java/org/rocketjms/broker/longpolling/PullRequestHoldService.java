package org.rocketjms.broker.longpolling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds pull and pop requests that found nothing, keyed by {@code topic@queueId} ({@code topic@-1} waits on any
 * queue of the topic). A request is released exactly once: woken when its queue grew (it then runs again on the
 * executor and may be held again) or expired when its deadline passed (it then answers "nothing").
 *
 * <p>Cost with many waiting consumers (thousands of long-polling pops on one topic): holding is O(1); a wake takes the
 * whole list of its key in one step (O(n) for n waiters, not O(n²)), so a request held again while the others are
 * being woken lands behind the ones still waiting. Consumers of one group that pop without a filter are
 * interchangeable: an arrival wakes only the oldest of them (see {@link HeldRequest#competingGroup()}), so four
 * idle consumers of a queue do not all pop for each message. Each key's list is only read or changed inside the
 * table's atomic per-key operations, so no request can be added to a list that was just taken away.
 */
public final class PullRequestHoldService {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestHoldService.class);
    private static final long CHECK_INTERVAL_MILLIS = 20;

    /** A suspended request. */
    public abstract static class HeldRequest {
        private final AtomicBoolean released = new AtomicBoolean();
        private final long deadline;

        /** @param deadline when to give up (epoch ms) */
        protected HeldRequest(long deadline) {
            this.deadline = deadline;
        }

        /** Epoch millis when the request expires. */
        public final long deadline() {
            return deadline;
        }

        /** Runs the request again (new data may be there); it may hold itself again. */
        protected abstract void wake();

        /** Answers "nothing found". */
        protected abstract void expire();

        /** Checked right after registration to close the race with an arrival just before it. */
        protected abstract boolean hasNewData();

        /**
         * Non-null when any message arriving on the request's key satisfies it, and satisfies every other request of
         * the same value equally (the consumers of one group popping without a filter compete for the same
         * messages): an arrival then wakes only the oldest such request of the group instead of all of them, which
         * would all pop, all but one for nothing. A woken request that took a full batch, or could not take
         * anything because its consumer is gone, passes the wake on ({@link #notifyMessageArriving}).
         */
        protected String competingGroup() {
            return null;
        }

        boolean claim() {
            return released.compareAndSet(false, true);
        }

        boolean isReleased() {
            return released.get();
        }
    }

    /** Requests woken by appends of a request thread that runs them itself (see {@link #collectWakes()}). */
    private static final ThreadLocal<List<HeldRequest>> COLLECTED = new ThreadLocal<>();

    /** Waiters per key; each list is touched only inside compute/computeIfPresent/remove of its key. */
    private final ConcurrentHashMap<String, List<HeldRequest>> table = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private volatile boolean running;
    private Thread thread;

    /** @param executor where woken and expired requests run */
    public PullRequestHoldService(ExecutorService executor) {
        this.executor = executor;
    }

    private static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    /** Starts the deadline checker. */
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "PullRequestHoldService");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the checker; held requests expire (are answered empty) now. */
    public synchronized void shutdown() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String k : new ArrayList<>(table.keySet())) {
            List<HeldRequest> list = table.remove(k);
            if (list != null) {
                for (HeldRequest r : list) {
                    if (r.claim()) {
                        safeRun(r::expire);
                    }
                }
            }
        }
    }

    /** Suspends {@code r} on a queue (or any queue of the topic when {@code queueId} is -1). */
    public void hold(String topic, int queueId, HeldRequest r) {
        table.compute(key(topic, queueId), (k, list) -> {
            List<HeldRequest> l = list != null ? list : new ArrayList<>();
            l.add(r);
            return l;
        });
        if (!running) {
            if (r.claim()) {
                dispatch(r, false);
            }
            return;
        }
        if (r.hasNewData() && r.claim()) {
            dispatch(r, true);
        }
    }

    /** A queue grew (or messages became visible again): wakes the requests waiting on it and on its topic. */
    public void notifyMessageArriving(String topic, int queueId) {
        Set<String> wokenGroups = new HashSet<>(4);
        if (queueId >= 0) {
            wakeKey(key(topic, queueId), wokenGroups);
        }
        wakeKey(key(topic, -1), wokenGroups);
    }

    /**
     * Wakes the requests held on {@code k}, except that of the requests competing within one group only the oldest
     * is woken (and only if no request of that group was woken for this arrival yet); the others stay held.
     */
    private void wakeKey(String k, Set<String> wokenGroups) {
        List<HeldRequest> woken = new ArrayList<>();
        table.computeIfPresent(k, (key, list) -> {
            List<HeldRequest> keep = null;
            for (HeldRequest r : list) {
                if (r.isReleased()) {
                    continue; // already answered (registration found new data); drop it
                }
                String g = r.competingGroup();
                if (g == null || wokenGroups.add(g)) {
                    woken.add(r);
                } else {
                    if (keep == null) {
                        keep = new ArrayList<>();
                    }
                    keep.add(r);
                }
            }
            return keep;
        });
        for (HeldRequest r : woken) {
            if (r.claim()) {
                dispatch(r, true);
            }
        }
    }

    /**
     * From now until {@link #runCollectedWakes()}, requests woken by this thread (its appends dispatch inline and
     * notify arrivals) are kept for this thread instead of going to the executor. The send processor uses it: the
     * consumer waiting for the message it just appended is answered from the same thread, and the consumer's POP
     * record joins the send's group commit instead of needing a round of its own.
     */
    public void collectWakes() {
        COLLECTED.set(new ArrayList<>(2));
    }

    /**
     * Runs, in this thread, the requests woken since {@link #collectWakes()}; what they wake in turn goes to the
     * executor. The caller must have deferred the store's flush to itself and flush afterwards (the requests'
     * durability waits are pending).
     */
    public void runCollectedWakes() {
        List<HeldRequest> list = COLLECTED.get();
        COLLECTED.remove();
        if (list == null || list.isEmpty()) {
            return;
        }
        for (HeldRequest r : list) {
            safeRun(r::wake);
        }
    }

    private void dispatch(HeldRequest r, boolean wake) {
        if (wake) {
            List<HeldRequest> collected = COLLECTED.get();
            if (collected != null) {
                collected.add(r);
                return;
            }
        }
        try {
            executor.execute(() -> safeRun(wake ? r::wake : r::expire));
        } catch (RejectedExecutionException e) {
            LOG.warn("executor refused a held request; answering it on the caller thread", e);
            safeRun(r::expire);
        }
    }

    private static void safeRun(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("a held request failed", e);
        }
    }

    /** Number of requests currently held (for tests and monitoring). */
    public int heldCount() {
        int[] n = new int[1];
        for (String k : table.keySet()) {
            table.computeIfPresent(k, (key, l) -> {
                n[0] += l.size();
                return l;
            });
        }
        return n[0];
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(CHECK_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.currentTimeMillis();
            List<HeldRequest> expired = new ArrayList<>();
            for (String k : table.keySet()) {
                table.computeIfPresent(k, (key, list) -> {
                    list.removeIf(r -> {
                        if (r.deadline() <= now) {
                            expired.add(r);
                            return true;
                        }
                        return false;
                    });
                    return list.isEmpty() ? null : list;
                });
            }
            for (HeldRequest r : expired) {
                if (r.claim()) {
                    dispatch(r, false);
                }
            }
        }
    }
}
