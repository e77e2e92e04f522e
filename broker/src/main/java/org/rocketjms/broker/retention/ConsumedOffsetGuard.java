package org.rocketjms.broker.retention;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.rocketjms.broker.client.ConsumerManager;
import org.rocketjms.broker.offset.ConsumerOffsetManager;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.broker.timer.TimerMessageService;
import org.rocketjms.broker.topic.JmsNames;
import org.rocketjms.broker.transaction.TransactionalMessageService;
import org.rocketjms.store.MessageStore;
import org.rocketjms.store.RetentionGuard;

/**
 * Tells the store's retention which part of the commit log is still needed, so that no message a consumer still has
 * to receive is ever deleted (JMS: a PERSISTENT message on a queue or a durable subscription stays until it is
 * acknowledged). The safe offset is the lowest commit-log offset, over every consume queue, of the oldest message not
 * yet acknowledged there:
 *
 * <ul>
 *   <li>each subscription's consume offset (the lowest pending message, from {@link AckStateManager}) on each
 *       queue; a non-durable subscription ({@code %NG%}, shared {@code %S%}) counts only while a connected client
 *       lists it or has messages of it in flight (its state outlives a crashed client);</li>
 *   <li>committed offsets of plain pull groups ({@link ConsumerOffsetManager});</li>
 *   <li>a queue of a point-to-point destination (a JMS queue {@code %Q%}, a temporary queue, a dead-letter topic,
 *       any name this broker does not know as a JMS topic) that no subscription has started on yet: all of it;</li>
 *   <li>a queue of a JMS topic ({@code %T%}, {@code %TT%}, and their {@code %HI%} bands) without subscriptions:
 *       nothing — a subscriber created later starts at the end;</li>
 *   <li>the timer topic from the timer checkpoint (scheduled messages not delivered yet), the half topic from the
 *       lowest half of an open or completing transaction, and the ack log from the snapshot a restart replays.</li>
 * </ul>
 *
 * The topic and group prefixes are read by {@link JmsNames}.
 *
 * <p>Until {@link #activate} is called (the broker is still loading its state) the guard answers "unknown" and
 * retention deletes nothing.
 */
public final class ConsumedOffsetGuard implements RetentionGuard {
    private static final Set<String> SYSTEM_TOPICS = Set.of(AckStateManager.ACK_LOG_TOPIC,
            TransactionalMessageService.HALF_TOPIC, TransactionalMessageService.OP_TOPIC, DeliveryRouter.TIMER_TOPIC,
            TimerMessageService.DONE_TOPIC);

    private final MessageStore store;
    private volatile Sources sources;

    private record Sources(AckStateManager ackState, ConsumerOffsetManager offsets, ConsumerManager consumers,
                           TimerMessageService timer, TransactionalMessageService transactions) {
    }

    /** @param store the store whose queues are examined */
    public ConsumedOffsetGuard(MessageStore store) {
        this.store = store;
    }

    /** Starts answering, once the ack state, timer and transactions are loaded and recovered. */
    public void activate(AckStateManager ackState, ConsumerOffsetManager offsets, ConsumerManager consumers,
                         TimerMessageService timer, TransactionalMessageService transactions) {
        this.sources = new Sources(ackState, offsets, consumers, timer, transactions);
    }

    /** Stops answering (the broker is stopping): retention deletes nothing from now on. */
    public void deactivate() {
        this.sources = null;
    }

    @Override
    public Hold safeDeleteOffset() {
        Sources s = sources;
        if (s == null) {
            return Hold.unknown("the broker has not loaded its subscriptions yet");
        }
        // everything dispatched later lies at or above this offset: read it before looking at any queue
        Lowest lowest = new Lowest(store.dispatchedOffset(), "the end of the dispatched log");

        Set<String> online = s.consumers().onlineGroups();
        Map<String, Set<Integer>> startedQueues = new HashMap<>();
        for (AckStateManager.QueueNeed n : s.ackState().queueNeeds()) {
            AckStateManager.QueueKey k = n.key();
            if (SYSTEM_TOPICS.contains(k.topic())) {
                continue;
            }
            if (JmsNames.isNonDurable(k.group()) && n.inFlight() == 0 && !online.contains(k.group())) {
                continue; // its consumer is gone: the subscription has ended
            }
            startedQueues.computeIfAbsent(k.topic(), t -> new HashSet<>()).add(k.queueId());
            lowest.queue(k.topic(), k.queueId(), n.neededOffset(), "subscription " + k.group());
        }
        s.offsets().forEach((group, topic, queueId, offset) -> {
            if (!SYSTEM_TOPICS.contains(topic)) {
                // not a start of the queue's own subscription: an unconsumed queue stays held as a whole
                lowest.queue(topic, queueId, offset, "pull group " + group);
            }
        });
        for (Map.Entry<String, Set<Integer>> e : store.consumeQueueIds().entrySet()) {
            String topic = e.getKey();
            if (SYSTEM_TOPICS.contains(topic) || JmsNames.isPubSub(topic)) {
                continue;
            }
            Set<Integer> started = startedQueues.getOrDefault(topic, Set.of());
            for (int queueId : e.getValue()) {
                if (!started.contains(queueId)) {
                    lowest.queue(topic, queueId, 0, "messages no consumer has received yet");
                }
            }
        }
        lowest.queue(DeliveryRouter.TIMER_TOPIC, 0, s.timer().neededTimerOffset(),
                "scheduled messages (delivery delay)");
        long half = s.transactions().lowestNeededHalfOffset();
        if (half >= 0) {
            lowest.queue(TransactionalMessageService.HALF_TOPIC, 0, half, "an open or completing transaction");
        }
        lowest.queue(AckStateManager.ACK_LOG_TOPIC, 0, s.ackState().neededAckLogOffset(),
                "the ack log since the last ack-state snapshot");
        return Hold.upTo(lowest.offset, lowest.heldBy);
    }

    /** Running minimum of needed commit-log offsets, with what set it. */
    private final class Lowest {
        long offset;
        String heldBy;

        Lowest(long offset, String heldBy) {
            this.offset = offset;
            this.heldBy = heldBy;
        }

        void queue(String topic, int queueId, long queueOffset, String what) {
            long phy = store.getCommitLogOffsetInQueue(topic, queueId, queueOffset);
            if (phy >= 0 && phy < offset) {
                offset = phy;
                heldBy = what + " on " + topic + " queue " + queueId + " from queue offset "
                        + Math.max(queueOffset, store.getMinOffsetInQueue(topic, queueId));
            }
        }
    }
}
