package org.rocketjms.broker.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.filter.SubscriptionFilter;
import org.rocketjms.broker.longpolling.PullRequestHoldService;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.broker.topic.TopicConfig;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP_MESSAGE: hands out available messages of one or all queues of a topic with receipt handles and delivery
 * counts (see {@link AckStateManager}); answers once the POP record is durable. The high priority band
 * ({@code %HI%<topic>}, priority 5-9) of every queue is served before the normal band; its messages carry the
 * topic's name on the wire and a receipt naming the band. With nothing available the request
 * is held until a queue grows, a message becomes visible again, or the poll time passes (then PULL_NOT_FOUND).
 */
public final class PopMessageProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(PopMessageProcessor.class);

    /** Test hook: runs after a pop found nothing and before it is held (to interleave a release there). */
    public static volatile Runnable beforeHoldForTest;
    /** Test hook: runs after a pop looked at the high band and before it looks at the normal band. */
    public static volatile Runnable betweenBandsForTest;

    private final BrokerController broker;
    private final AtomicInteger rotation = new AtomicInteger();
    private final boolean flushInline;

    /**
     * @param broker      the broker
     * @param flushInline true: each request runs {@code MessageStore.flushPending()} when it is processed; false: the
     *                    caller does (the I/O thread, once per socket read)
     */
    public PopMessageProcessor(BrokerController broker, boolean flushInline) {
        this.broker = broker;
        this.flushInline = flushInline;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        PopMessageRequestHeader h = request.decodeHeader(PopMessageRequestHeader::decode);
        TopicConfig tc = broker.getTopicConfigManager().get(h.topic());
        if (tc == null) {
            return Responses.of(request, BrokerResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic() + " does not exist");
        }
        if (tc.isSystem()) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "topic " + h.topic() + " is a system topic");
        }
        if (h.queueId() >= tc.getReadQueueNums() || h.maxMsgNums() < 1) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "queueId " + h.queueId()
                    + " does not exist or maxMsgNums < 1");
        }
        SubscriptionFilter filter;
        try {
            filter = SubscriptionFilter.of(h.expression(), h.expressionType());
        } catch (IllegalArgumentException e) {
            return Responses.of(request, BrokerResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage());
        }
        if (!broker.getSubscriptionGroupManager().getOrCreate(h.consumerGroup()).isConsumeEnable()) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "consumption is disabled for group "
                    + h.consumerGroup());
        }
        String clientId = h.clientId() != null ? h.clientId() : channel.id();
        broker.getConsumerManager().touch(channel, clientId);
        if (h.initFromEnd()) {
            int from = h.queueId() >= 0 ? h.queueId() : 0;
            int to = h.queueId() >= 0 ? h.queueId() + 1 : tc.getReadQueueNums();
            for (int q = from; q < to; q++) {
                broker.getAckStateManager().ensureInitialized(h.consumerGroup(), h.topic(), q, true);
                broker.getAckStateManager().ensureInitialized(h.consumerGroup(), DeliveryRouter.highBand(h.topic()), q,
                        true);
            }
        }
        long poll = Math.min(Math.max(0, h.pollTimeMillis()), broker.getBrokerConfig().getLongPollingTimeoutMillis());
        broker.getMessageStore().deferFlushToCaller(); // the POP record's flush runs here, not in the flush thread
        try {
            pop(channel, request, h, tc, filter, clientId, System.currentTimeMillis() + poll);
        } finally {
            if (flushInline) {
                broker.getMessageStore().flushPending(); // make the POP record durable here if no flush runs
            }
        }
        return null;
    }

    /** Pops and answers (or holds the request); returns how many messages it handed out. */
    private int pop(RemotingChannel channel, RemotingCommand request, PopMessageRequestHeader h, TopicConfig tc,
                    SubscriptionFilter filter, String clientId, long deadline) {
        AckStateManager acks = broker.getAckStateManager();
        long epoch = acks.visibilityEpoch(); // before looking: see hasNewData
        long invisible = h.invisibleTimeMillis() > 0 ? h.invisibleTimeMillis()
                : broker.getBrokerConfig().getPopInvisibleTimeMillis();
        int maxRedeliveries = broker.getSubscriptionGroupManager().getOrCreate(h.consumerGroup()).getRetryMaxTimes();
        int queues = tc.getReadQueueNums();
        int start = h.queueId() >= 0 ? h.queueId() : Math.floorMod(rotation.getAndIncrement(), queues);
        int count = h.queueId() >= 0 ? 1 : queues;
        List<WireMessage> out = new ArrayList<>();
        List<CompletableFuture<PutMessageResult>> futures = new ArrayList<>();
        String high = DeliveryRouter.highBand(h.topic());
        List<String> watchTopics = new ArrayList<>();
        List<Integer> watchQueues = new ArrayList<>();
        List<Long> watchCursors = new ArrayList<>();
        // The high band (priority 5-9) of every queue first, then the normal band. A normal message must not overtake
        // a high-band one stored before it that this pop did not see (it arrived after the high band was looked at).
        // The dispatcher indexes in log order, so a normal-band entry below an end read at some moment was stored
        // before every high-band entry not yet indexed then. Just before a queue's normal band is popped, its end is
        // read and then the high band's: if the high band has not grown past what this pop looked at, nothing there
        // was missed and the normal band is taken up to that fresh end; otherwise only up to where it ended before
        // the high band was looked at (later messages wait for the next pop, which a held pop sees as new data).
        long[] normalEnds = new long[count];
        long[] highLooked = new long[count];
        for (int i = 0; i < count; i++) {
            normalEnds[i] = broker.getMessageStore().getMaxOffsetInQueue(h.topic(), (start + i) % queues);
        }
        for (int pass = 0; pass < 2; pass++) {
            Runnable between = betweenBandsForTest;
            if (pass == 1 && between != null) {
                between.run();
            }
            String topic = pass == 0 ? high : h.topic();
            for (int i = 0; i < count && out.size() < h.maxMsgNums(); i++) {
                int q = (start + i) % queues;
                if (pass == 0 && broker.getMessageStore().getMaxOffsetInQueue(high, q) == 0) {
                    watchTopics.add(high);
                    watchQueues.add(q);
                    watchCursors.add(0L);
                    continue;
                }
                long scanLimit = Long.MAX_VALUE;
                if (pass == 1) {
                    long freshEnd = broker.getMessageStore().getMaxOffsetInQueue(topic, q);
                    boolean highGrew = broker.getMessageStore().getMaxOffsetInQueue(high, q) > highLooked[i];
                    scanLimit = highGrew ? normalEnds[i] : freshEnd;
                }
                AckStateManager.PopResult r = acks.pop(h.consumerGroup(), topic, q, h.maxMsgNums() - out.size(),
                        invisible, filter, clientId, h.initFromEnd(), maxRedeliveries, scanLimit);
                if (pass == 0) {
                    highLooked[i] = r.cursorAfter();
                }
                watchTopics.add(topic);
                watchQueues.add(q);
                watchCursors.add(r.cursorAfter());
                for (AckStateManager.Popped p : r.messages()) {
                    out.add(Responses.toWire(p.message(), h.topic(), p.deliveryCount(), p.receiptHandle()));
                }
                if (r.durable() != null) {
                    futures.add(r.durable());
                }
            }
        }
        if (out.isEmpty()) {
            // a POP record may still have been written for skipped messages; no need to wait for it
            Runnable hook = beforeHoldForTest;
            if (hook != null) {
                hook.run();
            }
            holdOrEmpty(channel, request, h, tc, filter, clientId, deadline, watchTopics, watchQueues, watchCursors,
                    epoch);
            return 0;
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).whenComplete((v, ex) -> {
            String failure = null;
            if (ex != null) {
                failure = ex.toString();
            } else {
                for (CompletableFuture<PutMessageResult> f : futures) {
                    PutMessageResult r = f.join();
                    if (r.status() != PutMessageStatus.PUT_OK) {
                        failure = r.status() + (r.remark() != null ? ": " + r.remark() : "");
                    }
                }
            }
            if (failure != null) {
                LOG.warn("recording a pop durably failed: {}; making the messages visible again", failure);
                releaseAll(h, out);
                channel.writeResponse(Responses.of(request, BrokerResponseCode.SERVICE_NOT_AVAILABLE,
                        "the broker could not record the delivery durably: " + failure));
                return;
            }
            if (!channel.isActive() || broker.getConsumerManager().hasDeparted(clientId)) {
                LOG.debug("consumer {} left before its pop was answered; releasing {} message(s)", clientId, out.size());
                releaseAll(h, out);
                if (channel.isActive()) {
                    channel.writeResponse(Responses.of(request, BrokerResponseCode.PULL_NOT_FOUND, null));
                }
                return;
            }
            RemotingCommand resp = Responses.of(request, ResponseCode.SUCCESS, null);
            resp.setBody(MessageListCodec.encode(out));
            channel.writeResponse(resp);
        });
        return out.size();
    }

    private void releaseAll(PopMessageRequestHeader h, List<WireMessage> msgs) {
        java.util.Map<String, List<ReceiptHandle>> byTopic = new java.util.HashMap<>();
        for (WireMessage m : msgs) {
            try {
                ReceiptHandle rh = ReceiptHandle.parse(m.receiptHandle());
                byTopic.computeIfAbsent(rh.topic(), t -> new ArrayList<>()).add(rh);
            } catch (RemotingCommandException e) {
                LOG.error("cannot release message {}: its receipt does not parse", m.receiptHandle(), e);
            }
        }
        for (java.util.Map.Entry<String, List<ReceiptHandle>> e : byTopic.entrySet()) {
            // never reached the client: not a delivery
            broker.getAckStateManager().changeInvisibleTime(h.consumerGroup(), e.getKey(), e.getValue(), 0, true);
        }
    }

    private void holdOrEmpty(RemotingChannel channel, RemotingCommand request, PopMessageRequestHeader h,
                             TopicConfig tc, SubscriptionFilter filter, String clientId, long deadline,
                             List<String> topics, List<Integer> queueIds, List<Long> cursors, long epoch) {
        if (System.currentTimeMillis() >= deadline || !channel.isActive()) {
            channel.writeResponse(Responses.of(request, BrokerResponseCode.PULL_NOT_FOUND, null));
            return;
        }
        broker.getPullRequestHoldService().hold(h.topic(), h.queueId(), new PullRequestHoldService.HeldRequest(deadline) {
            @Override
            protected void wake() {
                if (!channel.isActive()) {
                    passOn(); // the consumer is gone: popping for it would hide messages from live consumers
                    return;
                }
                if (broker.getConsumerManager().hasDeparted(clientId)) {
                    channel.writeResponse(Responses.of(request, BrokerResponseCode.PULL_NOT_FOUND, null));
                    passOn();
                    return;
                }
                // run from a send (PullRequestHoldService.runCollectedWakes) this thread's flush is already the send's
                boolean ownFlush = !broker.getMessageStore().isFlushDeferred();
                if (ownFlush) {
                    broker.getMessageStore().deferFlushToCaller();
                }
                try {
                    if (pop(channel, request, h, tc, filter, clientId, deadline) >= h.maxMsgNums()) {
                        passOn(); // a full batch: more may be waiting for the group's next consumer
                    }
                } finally {
                    if (ownFlush) {
                        broker.getMessageStore().flushPending();
                    }
                }
            }

            /** This request was woken instead of its group's other waiters; let the next one look. */
            private void passOn() {
                broker.getPullRequestHoldService().notifyMessageArriving(h.topic(), h.queueId());
            }

            @Override
            protected String competingGroup() {
                return filter == null ? h.consumerGroup() : null;
            }

            @Override
            protected void expire() {
                channel.writeResponse(Responses.of(request, BrokerResponseCode.PULL_NOT_FOUND, null));
            }

            @Override
            protected boolean hasNewData() {
                if (broker.getAckStateManager().visibilityEpoch() != epoch) {
                    return true; // a message became available again while this pop looked (no append reports it)
                }
                for (int i = 0; i < queueIds.size(); i++) {
                    if (broker.getMessageStore().getMaxOffsetInQueue(topics.get(i), queueIds.get(i)) > cursors.get(i)) {
                        return true;
                    }
                }
                return false;
            }
        });
    }
}
