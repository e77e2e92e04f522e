package org.rocketjms.broker.pop;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.rocketjms.broker.JsonSupport;
import org.rocketjms.broker.filter.SubscriptionFilter;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.broker.topic.JmsNames;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.store.GetMessageResult;
import org.rocketjms.store.GetMessageStatus;
import org.rocketjms.store.MessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.commitlog.RecordCodec;
import org.rocketjms.store.meta.ConfigManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-message acknowledgement state of every (group, topic, queue) consumed by pop.
 *
 * <p>Per queue it keeps a scan cursor (every offset at or above it was never examined) and the pending map of
 * offsets below the cursor that are not acked yet: messages in flight (invisible until a time, with their delivery
 * count and owner), messages released again (visible), and messages a consumer's filter skipped (delivery count
 * 0; they stay available to the other consumers of the group). Everything below the cursor that is not pending is
 * acked, so the consume offset is the lowest pending offset (or the cursor). Only visible pending offsets are
 * scanned again, so the no-selector case reads each message once.
 *
 * <p>Durability: every pop and ack is appended, inside the queue's lock, to the system topic
 * {@link #ACK_LOG_TOPIC}; callers answer the client when the returned future completes. {@link #persist()} writes
 * a snapshot with the ack-log offset it covers; {@link #replay()} applies the log after it. Replayed records are
 * idempotent, so a snapshot that already contains some of them does no harm. After a restart every pending
 * message is visible again and keeps its delivery count, so its next delivery counts as a redelivery.
 *
 * <p>POP records are appended without waiting for a force: they reach the page cache at once, so they survive a
 * broker process crash, and become durable with the next force of the commit log (a consumer's answer does not
 * wait for a disk flush). What a power cut could lose is the knowledge that a message was handed out, and then its
 * next delivery would not be flagged as a redelivery. So before a pop moves a queue's cursor past its
 * <em>reservation</em>, a forced RESERVE record moves the reservation {@link #RESERVATION_AHEAD} offsets further.
 * After a stop that did not give the reservations back ({@link #releaseReservations()}, clean shutdown),
 * {@link #replay()} counts every message between a queue's replayed cursor and its reservation as delivered once
 * (JMS: a redelivered message "was likely delivered before"; never-delivered ones among them are flagged too, at
 * most that many per queue and subscription). A redelivery's POP record needs no reservation: a lost one leaves the
 * delivery count one lower, still above 1.
 *
 * <p>ACK records that concern only NON_PERSISTENT messages (JMS delivery mode 1) are appended without waiting for
 * a force as well; the message itself was never forced for its sender either, so after a power cut the last of them
 * may be lost or, if its ACK record was lost, delivered once more.
 *
 * <p>Expired messages ({@code #JMSExpiration} > 0 and ≤ now) met by a pop are acked for the group, never delivered.
 * So are, on a JMS topic ({@link JmsNames#isPubSub}), messages the subscription's selector rejects: a topic
 * subscription has one fixed selector, so they are not part of it (on a queue they stay for the group's other
 * consumers). Otherwise they would stay pending for ever and hold their commit-log files from retention.
 */
public final class AckStateManager extends ConfigManager {
    /** System topic of the ack log (one queue). */
    public static final String ACK_LOG_TOPIC = "RJMS_SYS_ACK";
    private static final Logger LOG = LoggerFactory.getLogger(AckStateManager.class);
    private static final int MAX_SCAN_PER_POP = 1024;
    /** How far past its cursor a RESERVE record lets a queue's unforced POP records move it (see class comment). */
    public static final int RESERVATION_AHEAD = 256;

    /** See {@link #visibilityEpoch()}. */
    private final AtomicLong visibilityEpoch = new AtomicLong();

    /** Identifies one queue of one subscription. */
    public record QueueKey(String group, String topic, int queueId) {
    }

    /**
     * A message handed out by {@link #pop}.
     *
     * @param deliveryCount the deliveries the application can have seen (JMSXDeliveryCount): handed out minus
     *                      released unseen
     * @param generation    how often it was handed out; receipts and ack-log records carry this number
     */
    public record Popped(StoredMessage message, int deliveryCount, int generation, String receiptHandle) {
    }

    /**
     * Result of a pop on one queue.
     *
     * @param messages    what was handed out (possibly empty)
     * @param durable     completes when the POP record is stored (null if nothing was handed out)
     * @param cursorAfter the scan cursor after the pop (a long poll waits for the queue to grow past it)
     */
    public record PopResult(List<Popped> messages, CompletableFuture<PutMessageResult> durable, long cursorAfter) {
    }

    /**
     * Result of an ack or visibility change.
     *
     * @param done    handles applied
     * @param invalid handles that were unknown or stale
     * @param durable completes when the ACK records are stored
     */
    public record HandleResult(int done, List<String> invalid, CompletableFuture<PutMessageResult> durable) {
    }

    private static final class Entry {
        /** How often it was handed out (the receipt generation; logged). */
        int deliveryCount;
        /**
         * Of those, how many the client released before its application saw them (prefetch returned at close,
         * rollback or recover). In memory only: after a restart such a release counts as a delivery, which errs
         * towards flagging a message redelivered.
         */
        int unseen;
        /** The message is NON_PERSISTENT: its POP and ACK records need not be forced (see class comment). */
        boolean nonPersistent;
        long invisibleUntil;
        String owner;

        Entry(int deliveryCount) {
            this.deliveryCount = deliveryCount;
        }
    }

    private static final class QueueState {
        long cursor = -1;
        /** Durably recorded: POP records not yet forced may have moved the cursor up to here (class comment). */
        long reserved = -1;
        final TreeMap<Long, Entry> pending = new TreeMap<>();
        /** Pending offsets that are visible (released or skipped), ascending. */
        final TreeSet<Long> available = new TreeSet<>();
        /** Whether any pending entry is in flight (for the revive scan). */
        int inFlight;
    }

    private final String path;
    private final MessageStore store;
    private final InetSocketAddress storeHost;
    private final BiConsumer<String, Integer> visibilityListener;
    private final ConcurrentHashMap<QueueKey, QueueState> states = new ConcurrentHashMap<>();
    /** Moves whenever a queue state is created or removed (invalidates {@link #topicViews}). */
    private final AtomicLong layoutVersion = new AtomicLong();
    private final ConcurrentHashMap<String, TopicView> topicViews = new ConcurrentHashMap<>();
    private volatile long loadedLogOffset;
    /** Ack-log offsets of the snapshot on disk and of the one before it (see {@link #neededAckLogOffset()}). */
    private volatile long persistedLogOffset;
    private volatile long previousPersistedLogOffset;
    private volatile long lastEncodedLogOffset;
    private final Object deleteLock = new Object();
    private volatile java.util.function.Consumer<String> deadLetterTopicCreator = t -> { };

    /**
     * @param configDir          where {@code ackState.json} lives
     * @param store              the message store (read messages, append the ack log)
     * @param storeHost          this broker's address for ack-log records
     * @param visibilityListener told (topic, queueId) when messages became visible again, to wake held pops
     */
    public AckStateManager(File configDir, MessageStore store, InetSocketAddress storeHost,
                           BiConsumer<String, Integer> visibilityListener) {
        this.path = new File(configDir, "ackState.json").getPath();
        this.store = store;
        this.storeHost = storeHost;
        this.visibilityListener = visibilityListener;
    }

    private QueueState state(QueueKey k) {
        QueueState qs = states.get(k);
        if (qs != null) {
            return qs;
        }
        boolean[] created = new boolean[1];
        qs = states.computeIfAbsent(k, x -> {
            created[0] = true;
            return new QueueState();
        });
        if (created[0]) {
            layoutVersion.incrementAndGet(); // after it is in the map: a view built at the new version sees it
        }
        return qs;
    }

    /** The queue states of one topic, cached until a queue state is created or removed anywhere. */
    private record TopicView(long version, QueueKey[] keys, QueueState[] states) {
    }

    /**
     * How many messages of {@code topic} the slowest subscription on it has not acknowledged yet (stored at or above
     * its consume offset, in flight or not), summed over the topic's queues. A queue no subscription has started on
     * counts from its first stored message when {@code pointToPoint} (a JMS queue keeps its messages for the first
     * consumer), not at all otherwise (a JMS topic without subscribers keeps nothing for anyone).
     *
     * @param queueNums the topic's number of queues
     * @param counts    which subscriptions (groups) count; one that does not is skipped, unless it has messages in
     *                  flight on this topic
     */
    public long backlog(String topic, int queueNums, boolean pointToPoint, java.util.function.Predicate<String> counts) {
        long version = layoutVersion.get();
        TopicView view = topicViews.get(topic);
        if (view == null || view.version() != version) {
            List<QueueKey> keys = new ArrayList<>();
            List<QueueState> found = new ArrayList<>();
            for (Map.Entry<QueueKey, QueueState> e : states.entrySet()) {
                if (e.getKey().topic().equals(topic)) {
                    keys.add(e.getKey());
                    found.add(e.getValue());
                }
            }
            view = new TopicView(version, keys.toArray(new QueueKey[0]), found.toArray(new QueueState[0]));
            topicViews.put(topic, view);
        }
        long[] maxOffsets = new long[queueNums];
        for (int q = 0; q < queueNums; q++) {
            maxOffsets[q] = store.getMaxOffsetInQueue(topic, q);
        }
        Map<String, long[]> byGroup = new HashMap<>(4);
        for (int i = 0; i < view.keys().length; i++) {
            QueueKey k = view.keys()[i];
            if (k.queueId() < 0 || k.queueId() >= queueNums) {
                continue;
            }
            QueueState qs = view.states()[i];
            long consumed;
            synchronized (qs) {
                if (qs.cursor < 0 || (qs.inFlight == 0 && !counts.test(k.group()))) {
                    continue;
                }
                consumed = qs.pending.isEmpty() ? qs.cursor : qs.pending.firstKey();
            }
            long[] sum = byGroup.computeIfAbsent(k.group(), g -> new long[queueNums + 1]);
            sum[k.queueId()] = 1; // started on this queue
            sum[queueNums] += Math.max(0, maxOffsets[k.queueId()] - consumed);
        }
        long worst = 0;
        for (long[] sum : byGroup.values()) {
            long b = sum[queueNums];
            for (int q = 0; q < queueNums && pointToPoint; q++) {
                if (sum[q] == 0) { // this subscription has not started on that queue: all of it waits for it
                    b += Math.max(0, maxOffsets[q] - store.getMinOffsetInQueue(topic, q));
                }
            }
            worst = Math.max(worst, b);
        }
        if (byGroup.isEmpty() && pointToPoint) {
            for (int q = 0; q < queueNums; q++) {
                worst += Math.max(0, maxOffsets[q] - store.getMinOffsetInQueue(topic, q));
            }
        }
        return worst;
    }

    /** Prefix of a group's dead-letter topic: {@code %DLQ%<group>}. */
    public static final String DLQ_TOPIC_PREFIX = "%DLQ%";
    /** Property of a dead-lettered message: the topic it came from. */
    public static final String DLQ_ORIGIN_TOPIC = "RJMS_DLQ_ORIGIN_TOPIC";
    /** Property of a dead-lettered message: its queue and offset there, {@code queueId:offset}. */
    public static final String DLQ_ORIGIN_POSITION = "RJMS_DLQ_ORIGIN_POSITION";
    /** Property of a dead-lettered message: how often it had been delivered. */
    public static final String DLQ_DELIVERY_COUNT = "RJMS_DLQ_DELIVERY_COUNT";

    /** {@link #pop(String, String, int, int, long, SubscriptionFilter, String, boolean, int)} without a limit. */
    public PopResult pop(String group, String topic, int queueId, int max, long invisibleMillis,
                         SubscriptionFilter filter, String clientId, boolean initFromEnd) {
        return pop(group, topic, queueId, max, invisibleMillis, filter, clientId, initFromEnd, 0);
    }

    /** Called with a dead-letter topic's name before the first message is written to it (to create it). */
    public void setDeadLetterTopicCreator(java.util.function.Consumer<String> creator) {
        this.deadLetterTopicCreator = creator;
    }

    /**
     * Hands out up to {@code max} available messages of one queue that pass {@code filter} (null = all). A message
     * already delivered more than {@code maxRedeliveries} times (0 or less = no limit) is moved to the group's
     * dead-letter topic instead and counts as acknowledged.
     */
    public PopResult pop(String group, String topic, int queueId, int max, long invisibleMillis,
                         SubscriptionFilter filter, String clientId, boolean initFromEnd, int maxRedeliveries) {
        return pop(group, topic, queueId, max, invisibleMillis, filter, clientId, initFromEnd, maxRedeliveries,
                Long.MAX_VALUE);
    }

    /**
     * As {@link #pop(String, String, int, int, long, SubscriptionFilter, String, boolean, int)}, but never examines
     * messages at or beyond queue offset {@code scanLimit} for the first time (they stay for the next pop). A caller
     * that looks at several queues one after the other uses it to ignore what arrived after it began looking.
     */
    public PopResult pop(String group, String topic, int queueId, int max, long invisibleMillis,
                         SubscriptionFilter filter, String clientId, boolean initFromEnd, int maxRedeliveries,
                         long scanLimit) {
        QueueState qs = state(new QueueKey(group, topic, queueId));
        long now = System.currentTimeMillis();
        // on a JMS topic the filter is the subscription's own selector (unless it is the start-only probe FALSE)
        boolean pubSub = JmsNames.isPubSub(topic) && filter != null && !filter.isMatchNothing();
        synchronized (qs) {
            long min = store.getMinOffsetInQueue(topic, queueId);
            long maxOffset = store.getMaxOffsetInQueue(topic, queueId);
            boolean fresh = qs.cursor < 0;
            if (fresh) {
                if (initFromEnd) {
                    maxOffset = dispatchedEnd(topic, queueId);
                }
                qs.cursor = initFromEnd ? maxOffset : min;
            }
            if (qs.cursor < min) {
                dropBelow(qs, min);
                qs.cursor = min;
            }
            long cursorBefore = qs.cursor;
            List<Popped> out = new ArrayList<>();
            List<Long> offs = new ArrayList<>();
            List<long[]> deadLettered = new ArrayList<>();
            List<Long> expiredFresh = new ArrayList<>();
            int scanned = 0;
            // 1. released or skipped messages below the cursor, lowest first
            Iterator<Long> it = qs.available.iterator();
            while (it.hasNext() && out.size() < max && scanned < MAX_SCAN_PER_POP) {
                long o = it.next();
                scanned++;
                StoredMessage m = read(topic, queueId, o);
                if (m == null) {
                    it.remove();
                    qs.pending.remove(o);
                    continue;
                }
                Entry e = qs.pending.get(o);
                if (DeliveryRouter.isExpired(m.properties(), now)) {
                    it.remove();
                    qs.pending.remove(o);
                    deadLettered.add(new long[] {o, e.deliveryCount});
                    continue;
                }
                if (maxRedeliveries > 0 && e.deliveryCount - e.unseen > maxRedeliveries) {
                    it.remove();
                    qs.pending.remove(o);
                    deadLetter(group, m, e.deliveryCount - e.unseen);
                    deadLettered.add(new long[] {o, e.deliveryCount});
                    continue;
                }
                if (filter != null && !filter.matches(m.properties())) {
                    if (pubSub) {
                        it.remove();
                        qs.pending.remove(o);
                        deadLettered.add(new long[] {o, e.deliveryCount}); // acked: not part of the subscription
                    }
                    continue;
                }
                it.remove();
                out.add(handOut(qs, e, m, topic, queueId, o, now, invisibleMillis, clientId));
                offs.add(o);
            }
            // 2. never examined messages from the cursor on (own budget, so the cursor always progresses)
            scanned = 0;
            boolean passedOver = false;
            long scanEnd = Math.min(maxOffset, scanLimit);
            while (out.size() < max && scanned < MAX_SCAN_PER_POP && qs.cursor < scanEnd) {
                GetMessageResult r = store.getMessage(topic, queueId, qs.cursor,
                        (int) Math.min(max - out.size(), scanEnd - qs.cursor), null);
                if (r.status() == GetMessageStatus.OFFSET_TOO_SMALL) {
                    qs.cursor = r.nextBeginOffset();
                    continue;
                }
                if (r.status() != GetMessageStatus.FOUND && r.status() != GetMessageStatus.MESSAGE_WAS_REMOVING) {
                    break;
                }
                for (ByteBuffer rec : r.records()) {
                    StoredMessage m = RecordCodec.decode(rec, 0, true);
                    long o = m.queueOffset();
                    scanned++;
                    if (DeliveryRouter.isExpired(m.properties(), now)) {
                        expiredFresh.add(o); // acked for the group without a delivery
                        continue;
                    }
                    if (pubSub && filter != null && !filter.matches(m.properties())) {
                        expiredFresh.add(o); // not part of this subscription: acked without a delivery
                        continue;
                    }
                    Entry e = new Entry(0);
                    qs.pending.put(o, e);
                    if (filter != null && !filter.matches(m.properties())) {
                        qs.available.add(o);
                        passedOver = true;
                        continue;
                    }
                    out.add(handOut(qs, e, m, topic, queueId, o, now, invisibleMillis, clientId));
                    offs.add(o);
                }
                if (r.nextBeginOffset() <= qs.cursor) {
                    break;
                }
                qs.cursor = r.nextBeginOffset();
            }
            if (passedOver) {
                visibilityEpoch.incrementAndGet(); // once for all messages this selector left for others
            }
            long cursorAfter = qs.cursor;
            if (!deadLettered.isEmpty()) {
                long[] o = new long[deadLettered.size()];
                int[] c = new int[deadLettered.size()];
                for (int i = 0; i < o.length; i++) {
                    o[i] = deadLettered.get(i)[0];
                    c[i] = (int) deadLettered.get(i)[1];
                }
                append(new AckLogRecord(AckLogRecord.ACK, group, topic, queueId, qs.cursor, qs.cursor, o, c));
            }
            if (out.isEmpty() && cursorAfter == cursorBefore && !fresh) {
                return new PopResult(Collections.emptyList(), null, cursorAfter);
            }
            long[] o = new long[offs.size()];
            int[] c = new int[offs.size()];
            boolean persistent = false;
            for (int i = 0; i < o.length; i++) {
                o[i] = offs.get(i);
                c[i] = out.get(i).generation();
                persistent |= !isNonPersistent(out.get(i).message().properties());
            }
            CompletableFuture<PutMessageResult> reservation = null;
            if (persistent && cursorAfter > qs.reserved) {
                // this pop hands out messages past the reservation: record a new one durably before answering
                qs.reserved = cursorAfter + RESERVATION_AHEAD;
                reservation = append(new AckLogRecord(AckLogRecord.RESERVE, group, topic, queueId, cursorBefore,
                        qs.reserved, new long[0], new int[0]), true);
            }
            CompletableFuture<PutMessageResult> f = append(new AckLogRecord(AckLogRecord.POP, group, topic, queueId,
                    cursorBefore, cursorAfter, o, c), out.isEmpty());
            if (reservation != null) {
                f = all(List.of(reservation, f));
            }
            if (!expiredFresh.isEmpty()) {
                // replay of the POP record makes every scanned offset pending with count 0; ack the expired ones
                long[] eo = new long[expiredFresh.size()];
                for (int i = 0; i < eo.length; i++) {
                    eo[i] = expiredFresh.get(i);
                }
                append(new AckLogRecord(AckLogRecord.ACK, group, topic, queueId, qs.cursor, qs.cursor, eo,
                        new int[eo.length]));
            }
            return new PopResult(out, f, cursorAfter);
        }
    }

    /**
     * Fixes where a subscription starts on a queue it never popped from (its end for {@code initFromEnd}, else its
     * start), recording that durably; does nothing for a known queue.
     */
    public void ensureInitialized(String group, String topic, int queueId, boolean initFromEnd) {
        QueueState qs = state(new QueueKey(group, topic, queueId));
        synchronized (qs) {
            if (qs.cursor >= 0) {
                return;
            }
            qs.cursor = initFromEnd ? dispatchedEnd(topic, queueId) : store.getMinOffsetInQueue(topic, queueId);
            append(new AckLogRecord(AckLogRecord.POP, group, topic, queueId, qs.cursor, qs.cursor, new long[0],
                    new int[0]));
        }
    }

    private void deadLetter(String group, StoredMessage m, int deliveryCount) {
        String dlq = DLQ_TOPIC_PREFIX + group;
        deadLetterTopicCreator.accept(dlq);
        StoreMessage d = new StoreMessage(dlq, 0, m.body());
        d.setProperties(new java.util.LinkedHashMap<>(m.properties()));
        d.putProperty(DLQ_ORIGIN_TOPIC, m.topic());
        d.putProperty(DLQ_ORIGIN_POSITION, m.queueId() + ":" + m.queueOffset());
        d.putProperty(DLQ_DELIVERY_COUNT, Integer.toString(deliveryCount));
        d.setFlags(m.flags()).setBornTimestamp(m.bornTimestamp()).setBornHost(m.bornHost()).setStoreHost(storeHost)
                .setDeliveryCount(deliveryCount).setWaitStoreMsgOK(true);
        LOG.info("message {}:{}:{} of group {} was delivered {} times without an ack; moving it to {}", m.topic(),
                m.queueId(), m.queueOffset(), group, deliveryCount, dlq);
        store.putMessage(d).whenComplete((r, ex) -> {
            if (ex != null || !r.isOk()) {
                LOG.error("writing dead letter {}:{}:{} to {} failed: {}", m.topic(), m.queueId(), m.queueOffset(), dlq,
                        ex != null ? ex : r.status() + " " + r.remark());
            }
        });
    }

    /**
     * The queue's end including every message stored before this call: waits (briefly) until the dispatcher has
     * indexed the commit log up to its current end, so a send acknowledged before a subscription starts at "the
     * end" is never delivered to it.
     */
    private long dispatchedEnd(String topic, int queueId) {
        long target = store.getMaxPhyOffset();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (store.dispatchedOffset() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return store.getMaxOffsetInQueue(topic, queueId);
    }

    private Popped handOut(QueueState qs, Entry e, StoredMessage m, String topic, int queueId, long o, long now,
                           long invisibleMillis, String clientId) {
        e.deliveryCount++;
        e.nonPersistent = isNonPersistent(m.properties());
        e.invisibleUntil = now + Math.max(1, invisibleMillis);
        e.owner = clientId;
        qs.inFlight++;
        String receipt = new ReceiptHandle(topic, queueId, o, e.deliveryCount, now).encode();
        return new Popped(m, e.deliveryCount - e.unseen, e.deliveryCount, receipt);
    }

    private StoredMessage read(String topic, int queueId, long offset) {
        GetMessageResult r = store.getMessage(topic, queueId, offset, 1, null);
        if (r.status() != GetMessageStatus.FOUND || r.records().isEmpty()) {
            return null;
        }
        StoredMessage m = RecordCodec.decode(r.records().get(0), 0, true);
        return m.queueOffset() == offset ? m : null;
    }

    private static void dropBelow(QueueState qs, long min) {
        while (!qs.pending.isEmpty() && qs.pending.firstKey() < min) {
            Map.Entry<Long, Entry> first = qs.pending.pollFirstEntry();
            if (first.getValue().invisibleUntil > 0) {
                qs.inFlight--;
            }
            qs.available.remove(first.getKey());
        }
    }

    /** Marks the messages of the given receipts acked; stale or unknown receipts are reported, not applied. */
    public HandleResult ack(String group, String topic, List<ReceiptHandle> handles) {
        return ack(group, topic, handles, false);
    }

    /**
     * {@link #ack(String, String, List)}; with {@code lazyFlush} the ACK records of persistent messages wait for a force
     * that runs anyway (at most {@code lazyFlushMaxDelayMillis}, see {@link StoreMessage#isLazyFlush()}) instead of
     * starting one: for acknowledgements whose sender goes on without waiting for the answer. {@code durable} still
     * completes only once they are forced.
     */
    public HandleResult ack(String group, String topic, List<ReceiptHandle> handles, boolean lazyFlush) {
        Map<Integer, List<ReceiptHandle>> byQueue = new HashMap<>();
        for (ReceiptHandle h : handles) {
            byQueue.computeIfAbsent(h.queueId(), q -> new ArrayList<>()).add(h);
        }
        List<String> invalid = new ArrayList<>();
        List<CompletableFuture<PutMessageResult>> futures = new ArrayList<>();
        int done = 0;
        for (Map.Entry<Integer, List<ReceiptHandle>> q : byQueue.entrySet()) {
            QueueState qs = states.get(new QueueKey(group, topic, q.getKey()));
            if (qs == null) {
                q.getValue().forEach(h -> invalid.add(h.encode()));
                continue;
            }
            synchronized (qs) {
                List<ReceiptHandle> ok = new ArrayList<>();
                boolean force = false;
                for (ReceiptHandle h : q.getValue()) {
                    Entry e = qs.pending.get(h.queueOffset());
                    if (e == null || e.deliveryCount != h.deliveryCount() || e.deliveryCount == 0
                            || !topic.equals(h.topic())) {
                        invalid.add(h.encode());
                        continue;
                    }
                    qs.pending.remove(h.queueOffset());
                    qs.available.remove(h.queueOffset());
                    if (e.invisibleUntil > 0) {
                        qs.inFlight--;
                    }
                    force |= !e.nonPersistent;
                    ok.add(h);
                }
                if (!ok.isEmpty()) {
                    long[] o = new long[ok.size()];
                    int[] c = new int[ok.size()];
                    for (int i = 0; i < o.length; i++) {
                        o[i] = ok.get(i).queueOffset();
                        c[i] = ok.get(i).deliveryCount();
                    }
                    futures.add(append(new AckLogRecord(AckLogRecord.ACK, group, topic, q.getKey(), qs.cursor,
                            qs.cursor, o, c), force, lazyFlush));
                    done += ok.size();
                }
            }
        }
        return new HandleResult(done, invalid, all(futures));
    }

    /**
     * Changes when the messages of the given receipts become visible again: 0 = at once (a negative
     * acknowledgement). Not logged: after a restart everything pending is visible anyway.
     */
    public HandleResult changeInvisibleTime(String group, String topic, List<ReceiptHandle> handles, long millis) {
        return changeInvisibleTime(group, topic, handles, millis, false);
    }

    /**
     * {@link #changeInvisibleTime(String, String, List, long)}; with {@code unseen} and 0 the client returns
     * prefetched messages its application never saw, so that hand-out is not counted as a delivery: the next one
     * carries the same delivery count and the redelivery limit is not consumed by it. Counted once per hand-out.
     */
    public HandleResult changeInvisibleTime(String group, String topic, List<ReceiptHandle> handles, long millis,
                                            boolean unseen) {
        List<String> invalid = new ArrayList<>();
        int done = 0;
        long now = System.currentTimeMillis();
        for (ReceiptHandle h : handles) {
            QueueState qs = states.get(new QueueKey(group, topic, h.queueId()));
            if (qs == null) {
                invalid.add(h.encode());
                continue;
            }
            boolean wake = false;
            synchronized (qs) {
                Entry e = qs.pending.get(h.queueOffset());
                if (e == null || e.deliveryCount != h.deliveryCount() || e.deliveryCount == 0) {
                    invalid.add(h.encode());
                    continue;
                }
                if (millis <= 0) {
                    if (unseen && e.invisibleUntil > 0 && e.deliveryCount - e.unseen > 0) {
                        e.unseen++;
                    }
                    wake = makeVisible(qs, h.queueOffset(), e);
                } else {
                    if (e.invisibleUntil == 0) {
                        qs.available.remove(h.queueOffset());
                        qs.inFlight++;
                    }
                    e.invisibleUntil = now + millis;
                }
                done++;
            }
            if (wake) {
                visibilityListener.accept(topic, h.queueId());
            }
        }
        return new HandleResult(done, invalid, CompletableFuture.completedFuture(null));
    }

    /** Owner of messages held for a prepared XA branch (never a client id, so {@link #releaseClient} skips them). */
    public static final String HELD_FOR_PREPARED_BRANCH = "#xa-prepared";

    /**
     * Keeps the messages of the given receipts invisible until they are acked or made visible by
     * {@link #changeInvisibleTime} with 0: neither {@link #reviveExpired} nor {@link #releaseClient} touches them. Used
     * for the acks of a prepared XA branch (at prepare, and again after a restart, when every pending message starts
     * visible). A message that is visible again but not redelivered (same delivery count) is taken back.
     *
     * @return receipts that are unknown or stale (the message was acked or redelivered meanwhile); not held
     */
    public List<String> hold(String group, String topic, List<ReceiptHandle> handles) {
        List<String> invalid = new ArrayList<>();
        for (ReceiptHandle h : handles) {
            QueueState qs = states.get(new QueueKey(group, topic, h.queueId()));
            if (qs == null) {
                invalid.add(h.encode());
                continue;
            }
            synchronized (qs) {
                Entry e = qs.pending.get(h.queueOffset());
                if (e == null || e.deliveryCount != h.deliveryCount() || e.deliveryCount == 0
                        || !topic.equals(h.topic())) {
                    invalid.add(h.encode());
                    continue;
                }
                if (e.invisibleUntil == 0) {
                    qs.available.remove(h.queueOffset());
                    qs.inFlight++;
                }
                e.invisibleUntil = Long.MAX_VALUE;
                e.owner = HELD_FOR_PREPARED_BRANCH;
            }
        }
        return invalid;
    }

    private boolean makeVisible(QueueState qs, long offset, Entry e) {
        if (e.invisibleUntil == 0) {
            return false;
        }
        e.invisibleUntil = 0;
        e.owner = null;
        qs.inFlight--;
        qs.available.add(offset);
        visibilityEpoch.incrementAndGet();
        return true;
    }

    /**
     * Counts the events that made a handed-out or skipped message available again (release, expiry, a consumer
     * gone, a selector passing it over). A pop that found nothing reads it before looking and, once held, compares:
     * a change means a message may have become available between its look and its hold, which no new append (and
     * so no arrival wake-up) would report.
     */
    public long visibilityEpoch() {
        return visibilityEpoch.get();
    }

    /** Makes every message in flight to {@code clientId} visible again at once. */
    public int releaseClient(String clientId) {
        int released = 0;
        for (Map.Entry<QueueKey, QueueState> s : states.entrySet()) {
            QueueState qs = s.getValue();
            boolean any = false;
            synchronized (qs) {
                if (qs.inFlight == 0) {
                    continue;
                }
                for (Map.Entry<Long, Entry> e : qs.pending.entrySet()) {
                    if (clientId.equals(e.getValue().owner) && makeVisible(qs, e.getKey(), e.getValue())) {
                        any = true;
                        released++;
                    }
                }
            }
            if (any) {
                visibilityListener.accept(s.getKey().topic(), s.getKey().queueId());
            }
        }
        if (released > 0) {
            LOG.info("released {} in-flight messages of client {}", released, clientId);
        }
        return released;
    }

    /** Makes messages whose invisible time passed visible again; run periodically. */
    public void reviveExpired() {
        long now = System.currentTimeMillis();
        for (Map.Entry<QueueKey, QueueState> s : states.entrySet()) {
            QueueState qs = s.getValue();
            boolean any = false;
            synchronized (qs) {
                if (qs.inFlight == 0) {
                    continue;
                }
                for (Map.Entry<Long, Entry> e : qs.pending.entrySet()) {
                    Entry en = e.getValue();
                    if (en.invisibleUntil > 0 && en.invisibleUntil <= now) {
                        any |= makeVisible(qs, e.getKey(), en);
                    }
                }
            }
            if (any) {
                visibilityListener.accept(s.getKey().topic(), s.getKey().queueId());
            }
        }
    }

    /**
     * Removes the state of {@code group} (null = any group) on {@code topic} (null = any topic) and records the
     * removal in the ack log. Meant for groups without active consumers (a pop racing with the removal may leave
     * a partial state behind).
     *
     * @return completes when the removal is durable
     */
    public CompletableFuture<PutMessageResult> delete(String group, String topic) {
        if (group == null && topic == null) {
            throw new IllegalArgumentException("a group or a topic is required");
        }
        synchronized (deleteLock) {
            removeMatching(group, topic);
            return append(new AckLogRecord(AckLogRecord.DELETE, group, topic, -1, 0, 0, new long[0], new int[0]));
        }
    }

    private void removeMatching(String group, String topic) {
        states.keySet().removeIf(k -> (group == null || group.equals(k.group()))
                && (topic == null || topic.equals(k.topic())));
        layoutVersion.incrementAndGet();
    }

    /** The group's consume offset on a queue (everything below is acked), or -1 if it never popped there. */
    public long consumeOffset(String group, String topic, int queueId) {
        QueueState qs = states.get(new QueueKey(group, topic, queueId));
        if (qs == null) {
            return -1;
        }
        synchronized (qs) {
            if (qs.cursor < 0) {
                return -1;
            }
            return qs.pending.isEmpty() ? qs.cursor : qs.pending.firstKey();
        }
    }

    /**
     * What one subscription still needs on one queue: every message from {@code neededOffset} on that is not acked
     * (the consume offset), and how many of them are in flight right now.
     */
    public record QueueNeed(QueueKey key, long neededOffset, int inFlight) {
    }

    /** A snapshot of {@link QueueNeed} for every queue a subscription has started on (for retention). */
    public List<QueueNeed> queueNeeds() {
        List<QueueNeed> out = new ArrayList<>(states.size());
        for (Map.Entry<QueueKey, QueueState> e : states.entrySet()) {
            QueueState qs = e.getValue();
            synchronized (qs) {
                if (qs.cursor < 0) {
                    continue;
                }
                out.add(new QueueNeed(e.getKey(), qs.pending.isEmpty() ? qs.cursor : qs.pending.firstKey(),
                        qs.inFlight));
            }
        }
        return out;
    }

    /**
     * The ack-log queue offset from which a restart replays: that of the snapshot on disk, or of the previous one
     * (kept as {@code .bak} and read if the newest is damaged), whichever is lower. Retention keeps the ack log from
     * there.
     */
    public long neededAckLogOffset() {
        return Math.min(persistedLogOffset, previousPersistedLogOffset);
    }

    @Override
    public synchronized void persist() {
        super.persist();
        // the file just replaced became the .bak
        previousPersistedLogOffset = persistedLogOffset;
        persistedLogOffset = lastEncodedLogOffset;
    }

    /** Number of messages in flight (handed out, not acked, invisible) for a group's queue. */
    public int inFlightCount(String group, String topic, int queueId) {
        QueueState qs = states.get(new QueueKey(group, topic, queueId));
        if (qs == null) {
            return 0;
        }
        synchronized (qs) {
            return qs.inFlight;
        }
    }

    private CompletableFuture<PutMessageResult> append(AckLogRecord rec) {
        return append(rec, true);
    }

    private CompletableFuture<PutMessageResult> append(AckLogRecord rec, boolean force) {
        return append(rec, force, false);
    }

    /**
     * Appends to the ack log; the future completes once forced ({@code force}; {@code lazyFlush}: by a force that
     * runs anyway, see {@link StoreMessage#isLazyFlush()}) or once appended.
     */
    private CompletableFuture<PutMessageResult> append(AckLogRecord rec, boolean force, boolean lazyFlush) {
        StoreMessage m = new StoreMessage(ACK_LOG_TOPIC, 0, rec.encode());
        // pops and acks of stored messages go on while the disk is too full for new messages
        m.setStoreHost(storeHost).setBornHost(storeHost).setWaitStoreMsgOK(force).setAllowedWhenDiskFull(true)
                .setLazyFlush(lazyFlush);
        return store.putMessage(m);
    }

    /** True for a message a JMS client sent NON_PERSISTENT (typed header {@code #JMSDeliveryMode} = int 1). */
    static boolean isNonPersistent(Map<String, String> properties) {
        return NON_PERSISTENT.equals(properties.get(HeaderKeys.DELIVERY_MODE));
    }

    private static final String NON_PERSISTENT = TypedPropertyCodec.encode(1);

    private static CompletableFuture<PutMessageResult> all(List<CompletableFuture<PutMessageResult>> fs) {
        if (fs.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (fs.size() == 1) {
            return fs.get(0);
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            for (CompletableFuture<PutMessageResult> f : fs) {
                PutMessageResult r = f.join();
                if (r != null && r.status() != PutMessageStatus.PUT_OK) {
                    return r;
                }
            }
            return fs.get(0).join();
        });
    }

    // ----------------------------------------------------------------- persistence

    @Override
    protected String configFilePath() {
        return path;
    }

    /** Snapshot document. */
    public static final class Snapshot {
        /** Ack-log offset from which {@link #replay()} must apply records. */
        public long ackLogOffset;
        /** Queue states. */
        public List<QueueSnapshot> queues = new ArrayList<>();
    }

    /** One queue's state in a snapshot: cursor plus pending offsets with their delivery counts. */
    public static final class QueueSnapshot {
        /** Group. */
        public String group;
        /** Topic. */
        public String topic;
        /** Queue. */
        public int queueId;
        /** Scan cursor. */
        public long cursor;
        /** Reservation (see the class comment); -1 in snapshots written before reservations existed. */
        public long reserved = -1;
        /** Pending offsets. */
        public long[] offsets;
        /** Delivery counts parallel to offsets. */
        public int[] counts;
    }

    @Override
    public String encode(boolean pretty) {
        Snapshot s = new Snapshot();
        // Everything in the log below this offset was applied in memory before it was appended.
        s.ackLogOffset = store.getMaxOffsetInQueue(ACK_LOG_TOPIC, 0);
        lastEncodedLogOffset = s.ackLogOffset;
        for (Map.Entry<QueueKey, QueueState> e : states.entrySet()) {
            QueueState qs = e.getValue();
            QueueSnapshot q = new QueueSnapshot();
            q.group = e.getKey().group();
            q.topic = e.getKey().topic();
            q.queueId = e.getKey().queueId();
            synchronized (qs) {
                if (qs.cursor < 0) {
                    continue;
                }
                q.cursor = qs.cursor;
                q.reserved = qs.reserved;
                q.offsets = new long[qs.pending.size()];
                q.counts = new int[qs.pending.size()];
                int i = 0;
                for (Map.Entry<Long, Entry> p : qs.pending.entrySet()) {
                    q.offsets[i] = p.getKey();
                    q.counts[i++] = p.getValue().deliveryCount;
                }
            }
            s.queues.add(q);
        }
        return JsonSupport.write(s, false);
    }

    @Override
    public void decode(String content) {
        Snapshot s = JsonSupport.read(content, Snapshot.class);
        Map<QueueKey, QueueState> fresh = new HashMap<>();
        for (QueueSnapshot q : s.queues) {
            if (q.group == null || q.topic == null || q.offsets == null || q.counts == null
                    || q.offsets.length != q.counts.length) {
                throw new IllegalArgumentException("damaged ack-state snapshot entry for " + q.group + "/" + q.topic);
            }
            QueueState qs = new QueueState();
            qs.cursor = q.cursor;
            qs.reserved = q.reserved;
            for (int i = 0; i < q.offsets.length; i++) {
                qs.pending.put(q.offsets[i], new Entry(q.counts[i]));
                qs.available.add(q.offsets[i]);
            }
            fresh.put(new QueueKey(q.group, q.topic, q.queueId), qs);
        }
        states.clear();
        states.putAll(fresh);
        layoutVersion.incrementAndGet();
        loadedLogOffset = s.ackLogOffset;
        persistedLogOffset = s.ackLogOffset;
        previousPersistedLogOffset = s.ackLogOffset;
    }

    /**
     * Applies the ack log from the snapshot's offset to its end. Call after {@link #load()} with the store started
     * and before serving clients.
     *
     * @return records applied
     */
    public int replay() {
        long offset = Math.max(loadedLogOffset, store.getMinOffsetInQueue(ACK_LOG_TOPIC, 0));
        int applied = 0;
        while (true) {
            GetMessageResult r = store.getMessage(ACK_LOG_TOPIC, 0, offset, 32, null);
            if (r.status() == GetMessageStatus.OFFSET_TOO_SMALL) {
                offset = r.nextBeginOffset();
                continue;
            }
            if (r.status() != GetMessageStatus.FOUND) {
                break;
            }
            for (ByteBuffer rec : r.records()) {
                StoredMessage m = RecordCodec.decode(rec, 0, true);
                try {
                    apply(AckLogRecord.decode(m.body()));
                    applied++;
                } catch (RemotingCommandException e) {
                    LOG.error("skipping damaged ack log record at offset {}", m.queueOffset(), e);
                }
            }
            if (r.nextBeginOffset() <= offset) {
                break;
            }
            offset = r.nextBeginOffset();
        }
        int marked = markReservedAsDelivered();
        LOG.info("ack state: {} queues, replayed {} ack-log records from offset {}; {} messages past the cursors"
                + " count as delivered once (reserved by a run that did not shut down cleanly)", states.size(),
                applied, loadedLogOffset, marked);
        return applied;
    }

    /**
     * After a stop without {@link #releaseReservations()}: every message between a queue's cursor and its reservation
     * may have been handed out by a POP record that a power cut lost; it becomes pending with one delivery, so its
     * next delivery is flagged as a redelivery.
     *
     * @return messages marked
     */
    private int markReservedAsDelivered() {
        int marked = 0;
        for (Map.Entry<QueueKey, QueueState> e : states.entrySet()) {
            QueueKey k = e.getKey();
            QueueState qs = e.getValue();
            synchronized (qs) {
                if (qs.cursor < 0 || qs.reserved <= qs.cursor) {
                    continue;
                }
                long end = Math.min(qs.reserved, store.getMaxOffsetInQueue(k.topic(), k.queueId()));
                for (long o = qs.cursor; o < end; o++) {
                    qs.pending.put(o, new Entry(1));
                    qs.available.add(o);
                    marked++;
                }
                qs.cursor = Math.max(qs.cursor, end);
            }
        }
        return marked;
    }

    /**
     * Gives every reservation back (a clean shutdown, after the last pop and before the last {@link #persist()}):
     * the POP records of this run are all in the log, so the next start has nothing to mark as delivered.
     */
    public void releaseReservations() {
        for (QueueState qs : states.values()) {
            synchronized (qs) {
                qs.reserved = qs.cursor;
            }
        }
    }

    private void apply(AckLogRecord r) {
        if (r.type() == AckLogRecord.DELETE) {
            removeMatching(r.group(), r.topic());
            return;
        }
        QueueState qs = state(new QueueKey(r.group(), r.topic(), r.queueId()));
        synchronized (qs) {
            if (r.type() == AckLogRecord.ACK) {
                for (int i = 0; i < r.offsets().length; i++) {
                    Entry e = qs.pending.get(r.offsets()[i]);
                    if (e != null && e.deliveryCount == r.counts()[i]) {
                        qs.pending.remove(r.offsets()[i]);
                        qs.available.remove(r.offsets()[i]);
                    }
                }
                return;
            }
            if (qs.cursor < 0) {
                qs.cursor = r.cursorBefore();
            }
            if (r.type() == AckLogRecord.RESERVE) {
                qs.reserved = Math.max(qs.reserved, r.cursorAfter());
                return;
            }
            for (long o = Math.max(qs.cursor, r.cursorBefore()); o < r.cursorAfter(); o++) {
                qs.pending.put(o, new Entry(0));
                qs.available.add(o);
            }
            for (int i = 0; i < r.offsets().length; i++) {
                long o = r.offsets()[i];
                Entry e = qs.pending.get(o);
                if (e != null && e.deliveryCount < r.counts()[i]) {
                    e.deliveryCount = r.counts()[i];
                }
            }
            qs.cursor = Math.max(qs.cursor, r.cursorAfter());
        }
    }
}
