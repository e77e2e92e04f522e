package org.rocketjms.broker.longpolling;

import java.util.ArrayList;
import java.util.List;
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
 * being woken lands in a fresh list. Each key's list is only read or changed inside the table's atomic per-key
 * operations, so no request can be added to a list that was just taken away.
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

        boolean claim() {
            return released.compareAndSet(false, true);
        }
    }

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
        wakeKey(key(topic, queueId));
        wakeKey(key(topic, -1));
    }

    /** Wakes every request held on any queue of {@code topic}. */
    public void notifyTopic(String topic) {
        String prefix = topic + '@';
        for (String k : table.keySet()) {
            if (k.startsWith(prefix) && k.indexOf('@', prefix.length()) < 0) {
                wakeKey(k);
            }
        }
    }

    private void wakeKey(String k) {
        List<HeldRequest> list = table.remove(k);
        if (list == null) {
            return;
        }
        for (HeldRequest r : list) {
            if (r.claim()) {
                dispatch(r, true);
            }
        }
    }

    private void dispatch(HeldRequest r, boolean wake) {
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
