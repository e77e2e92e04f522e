package org.rocketjms.broker.timer;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.rocketjms.broker.JsonSupport;
import org.rocketjms.store.GetMessageResult;
import org.rocketjms.store.GetMessageStatus;
import org.rocketjms.store.MessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.commitlog.RecordCodec;
import org.rocketjms.store.meta.ConfigManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery delay: messages whose delivery time lies in the future are stored in {@link DeliveryRouter#TIMER_TOPIC};
 * this service tails that topic, keeps only (deliverAt, timer offset, commit-log offset) of each pending message in
 * memory (a priority queue ordered by due time) and, when a message is due, re-puts it into its real topic and queue
 * (its band) together with a done record in {@link #DONE_TOPIC} naming the timer offset, in one store batch.
 *
 * <p>Durability: the checkpoint {@code timer.json} holds the lowest timer offset not yet delivered and the done-log
 * offset from which every done record at or above it can be found. {@link #recover()} reads those done records,
 * then the tail loop reloads the timer topic from the checkpoint skipping delivered offsets, so a scheduled message
 * survives restarts and is delivered once (a crash may at worst repeat a delivery whose batch was torn). Delivery
 * happens within a few milliseconds of the due time: the single timer thread parks exactly until the next due time
 * and is woken when the timer topic grows.
 */
public final class TimerMessageService extends ConfigManager {
    /** System topic of done records (one queue; body: int count, then longs = delivered timer offsets). */
    public static final String DONE_TOPIC = "RJMS_SYS_TIMER_DONE";
    private static final Logger LOG = LoggerFactory.getLogger(TimerMessageService.class);
    private static final int BATCH = 32;
    private static final long RETRY_DELAY_MILLIS = 200;

    /** Checkpoint document. */
    public static final class Checkpoint {
        /** Lowest timer offset not yet delivered. */
        public long timerFrom;
        /** Done-log offset from which all done records of offsets at or above {@link #timerFrom} lie. */
        public long doneFrom;
    }

    private final String path;
    private final MessageStore store;
    private volatile InetSocketAddress storeHost;
    private final Object lock = new Object();
    private final Object deliveryLock = new Object();
    /** {deliverAt, timerOffset, commitLogOffset}. */
    private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
            : Long.compare(a[1], b[1]));
    private final TreeSet<Long> undelivered = new TreeSet<>();
    /** Delivered timer offsets at or above the lowest undelivered one, with a done-log offset at or below theirs. */
    private final TreeMap<Long, Long> delivered = new TreeMap<>();
    private volatile long loadedOffset;
    private long checkpointTimerFrom;
    private long checkpointDoneFrom;
    /** timerFrom of the checkpoint on disk and of the one before it (its {@code .bak}); see {@link #neededTimerOffset}. */
    private volatile long persistedTimerFrom;
    private volatile long previousPersistedTimerFrom;
    private volatile long lastEncodedTimerFrom;
    private volatile Thread thread;
    private volatile boolean running;

    /**
     * @param configDir where {@code timer.json} lives
     * @param store     the message store
     */
    public TimerMessageService(File configDir, MessageStore store) {
        this.path = new File(configDir, "timer.json").getPath();
        this.store = store;
    }

    /** Sets this broker's address for re-put records. */
    public void setStoreHost(InetSocketAddress storeHost) {
        this.storeHost = storeHost;
    }

    /** Reads the done records after the checkpoint; call after {@link #load()} with the store started. */
    public void recover() {
        long offset = Math.max(checkpointDoneFrom, store.getMinOffsetInQueue(DONE_TOPIC, 0));
        int n = 0;
        while (true) {
            GetMessageResult r = store.getMessage(DONE_TOPIC, 0, offset, 32, null);
            if (r.status() == GetMessageStatus.OFFSET_TOO_SMALL) {
                offset = r.nextBeginOffset();
                continue;
            }
            if (r.status() != GetMessageStatus.FOUND) {
                break;
            }
            for (ByteBuffer rec : r.records()) {
                StoredMessage m = RecordCodec.decode(rec, 0, true);
                ByteBuffer b = ByteBuffer.wrap(m.body());
                int count = b.remaining() >= 4 ? b.getInt() : 0;
                for (int i = 0; i < count && b.remaining() >= 8; i++) {
                    long t = b.getLong();
                    if (t >= checkpointTimerFrom) {
                        delivered.put(t, m.queueOffset());
                        n++;
                    }
                }
            }
            if (r.nextBeginOffset() <= offset) {
                break;
            }
            offset = r.nextBeginOffset();
        }
        loadedOffset = checkpointTimerFrom;
        LOG.info("timer: reloading scheduled messages from timer offset {}; {} delivered offsets above it",
                loadedOffset, n);
    }

    /** Starts the timer thread. */
    public void start() {
        running = true;
        Thread t = new Thread(this::run, "TimerMessageService");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the timer thread (pending messages stay in the timer topic). */
    public void shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Wakes the timer thread (the timer topic grew). */
    public void wakeup() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Scheduled messages not yet delivered (loaded so far). */
    public int pendingCount() {
        synchronized (lock) {
            return undelivered.size();
        }
    }

    private void run() {
        while (running) {
            long waitMillis;
            try {
                tail();
                deliverDue();
                synchronized (lock) {
                    long[] head = due.peek();
                    waitMillis = head == null ? 100 : Math.min(100, head[0] - System.currentTimeMillis());
                }
            } catch (RuntimeException e) {
                LOG.error("timer loop failed; retrying", e);
                waitMillis = 100;
            }
            if (waitMillis > 0 && running) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(waitMillis));
            }
        }
    }

    private void tail() {
        while (running) {
            GetMessageResult r = store.getMessage(DeliveryRouter.TIMER_TOPIC, 0, loadedOffset, BATCH, null);
            if (r.status() == GetMessageStatus.OFFSET_TOO_SMALL) {
                loadedOffset = r.nextBeginOffset();
                continue;
            }
            if (r.status() != GetMessageStatus.FOUND) {
                return;
            }
            synchronized (lock) {
                for (ByteBuffer rec : r.records()) {
                    StoredMessage m = RecordCodec.decode(rec, 0, true);
                    long o = m.queueOffset();
                    if (delivered.containsKey(o) || undelivered.contains(o)) {
                        continue;
                    }
                    undelivered.add(o);
                    due.add(new long[] {DeliveryRouter.deliveryTime(m.properties()), o, m.physicalOffset()});
                }
            }
            if (r.nextBeginOffset() <= loadedOffset) {
                return;
            }
            loadedOffset = r.nextBeginOffset();
        }
    }

    private void deliverDue() {
        while (running) {
            List<long[]> batch = new ArrayList<>();
            long now = System.currentTimeMillis();
            synchronized (lock) {
                while (batch.size() < BATCH && !due.isEmpty() && due.peek()[0] <= now) {
                    batch.add(due.poll());
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            deliver(batch);
        }
    }

    private void deliver(List<long[]> batch) {
        List<StoreMessage> puts = new ArrayList<>(batch.size() + 1);
        ByteBuffer done = ByteBuffer.allocate(4 + 8 * batch.size());
        done.putInt(batch.size());
        for (long[] e : batch) {
            done.putLong(e[1]);
            StoredMessage m = store.lookMessageByOffset(e[2]);
            if (m == null) {
                LOG.warn("scheduled message at timer offset {} is gone (retention); dropping it", e[1]);
                continue;
            }
            puts.add(toReal(m));
        }
        StoreMessage doneRecord = new StoreMessage(DONE_TOPIC, 0, done.array());
        doneRecord.setStoreHost(storeHost).setBornHost(storeHost).setWaitStoreMsgOK(true);
        puts.add(doneRecord);
        synchronized (deliveryLock) {
            long doneBase = store.getMaxOffsetInQueue(DONE_TOPIC, 0);
            String failure;
            try {
                PutMessageResult r = store.putMessages(puts).get(30, TimeUnit.SECONDS);
                failure = r.isOk() ? null : r.status() + " " + r.remark();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e.toString();
            } catch (ExecutionException | TimeoutException e) {
                failure = e.toString();
            }
            synchronized (lock) {
                for (long[] e : batch) {
                    if (failure == null) {
                        undelivered.remove(e[1]);
                        delivered.put(e[1], doneBase);
                    } else {
                        due.add(new long[] {System.currentTimeMillis() + RETRY_DELAY_MILLIS, e[1], e[2]});
                    }
                }
                prune();
            }
            if (failure != null) {
                LOG.warn("delivering {} scheduled messages failed ({}); retrying in {} ms", batch.size(), failure,
                        RETRY_DELAY_MILLIS);
            }
        }
    }

    private StoreMessage toReal(StoredMessage m) {
        Map<String, String> props = new LinkedHashMap<>(m.properties());
        String topic = props.remove(DeliveryRouter.REAL_TOPIC);
        int queueId = (int) DeliveryRouter.typedLong(props.remove(DeliveryRouter.REAL_QUEUE_ID), 0);
        StoreMessage s = new StoreMessage(topic, queueId, m.body());
        s.setProperties(props).setFlags(m.flags()).setBornTimestamp(m.bornTimestamp()).setBornHost(m.bornHost())
                .setStoreHost(storeHost).setWaitStoreMsgOK(true);
        return DeliveryRouter.band(s);
    }

    /** Drops delivered entries below the lowest undelivered (or not yet loaded) offset; caller holds lock. */
    private void prune() {
        long floor = undelivered.isEmpty() ? loadedOffset : undelivered.first();
        delivered.headMap(floor).clear();
    }

    @Override
    protected String configFilePath() {
        return path;
    }

    @Override
    public String encode(boolean pretty) {
        Checkpoint c = new Checkpoint();
        synchronized (deliveryLock) {
            synchronized (lock) {
                prune();
                c.timerFrom = undelivered.isEmpty() ? loadedOffset : undelivered.first();
                long doneFrom = store.getMaxOffsetInQueue(DONE_TOPIC, 0);
                for (long v : delivered.values()) {
                    doneFrom = Math.min(doneFrom, v);
                }
                c.doneFrom = doneFrom;
            }
        }
        if (thread == null) {
            // never started (failed start): keep what was loaded
            c.timerFrom = checkpointTimerFrom;
            c.doneFrom = checkpointDoneFrom;
        }
        lastEncodedTimerFrom = c.timerFrom;
        return JsonSupport.write(c, pretty);
    }

    @Override
    public void decode(String content) {
        Checkpoint c = JsonSupport.read(content, Checkpoint.class);
        checkpointTimerFrom = c.timerFrom;
        checkpointDoneFrom = c.doneFrom;
        persistedTimerFrom = c.timerFrom;
        previousPersistedTimerFrom = c.timerFrom;
    }

    @Override
    public synchronized void persist() {
        super.persist();
        // the file just replaced became the .bak
        previousPersistedTimerFrom = persistedTimerFrom;
        persistedTimerFrom = lastEncodedTimerFrom;
    }

    /**
     * The lowest timer-topic offset a restart may still need: scheduled messages not delivered yet lie at or above
     * the checkpoint's {@code timerFrom} (and the previous checkpoint's, read if the newest is damaged). Every done
     * record about them was written after them, so retention keeps those too by keeping the timer topic from here.
     */
    public long neededTimerOffset() {
        long floor;
        synchronized (lock) {
            floor = undelivered.isEmpty() ? loadedOffset : undelivered.first();
        }
        return Math.min(floor, Math.min(persistedTimerFrom, previousPersistedTimerFrom));
    }

    /** For diagnostics: the in-memory view sizes. */
    public Map<String, Long> stats() {
        Map<String, Long> m = new HashMap<>();
        synchronized (lock) {
            m.put("pending", (long) undelivered.size());
            m.put("deliveredTracked", (long) delivered.size());
            m.put("loadedOffset", loadedOffset);
        }
        return m;
    }
}
