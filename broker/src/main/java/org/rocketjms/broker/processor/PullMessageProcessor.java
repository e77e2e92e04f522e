package org.rocketjms.broker.processor;

import java.util.HashMap;
import java.util.Map;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.filter.SubscriptionFilter;
import org.rocketjms.broker.longpolling.PullRequestHoldService;
import org.rocketjms.broker.topic.TopicConfig;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.PullMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.PullMessageResponseHeader;
import org.rocketjms.store.GetMessageResult;
import org.rocketjms.store.MessageStore;

/**
 * PULL_MESSAGE: reads a queue from an offset through the subscription filter. When nothing is there the request is
 * held in the {@link PullRequestHoldService} until the queue grows or the suspend timeout passes (then
 * PULL_NOT_FOUND with the offsets). An offset outside the queue answers PULL_OFFSET_MOVED with where to continue.
 */
public final class PullMessageProcessor implements RequestProcessor {
    private static final int MAX_FILTER_ROUNDS = 16;

    private final BrokerController broker;

    /** @param broker the broker whose store is read */
    public PullMessageProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        PullMessageRequestHeader h = request.decodeHeader(PullMessageRequestHeader::decode);
        // a topic's high priority band %HI%<topic> can be pulled (e.g. by a browser) with the topic's queues
        TopicConfig tc = broker.getTopicConfigManager().get(
                org.rocketjms.broker.timer.DeliveryRouter.baseTopic(h.topic()));
        if (tc == null) {
            return Responses.of(request, BrokerResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic() + " does not exist");
        }
        if (h.queueId() < 0 || h.queueId() >= tc.getReadQueueNums() || h.maxMsgNums() < 1) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "queueId " + h.queueId() + " of topic "
                    + h.topic() + " does not exist (it has " + tc.getReadQueueNums()
                    + " queues) or maxMsgNums < 1");
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
        long suspend = Math.min(Math.max(0, h.suspendTimeoutMillis()), broker.getBrokerConfig().getLongPollingTimeoutMillis());
        long deadline = System.currentTimeMillis() + suspend;
        return pull(channel, request, h, filter, deadline);
    }

    private RemotingCommand pull(RemotingChannel channel, RemotingCommand request, PullMessageRequestHeader h,
                                 SubscriptionFilter filter, long deadline) {
        MessageStore store = broker.getMessageStore();
        long offset = h.queueOffset();
        GetMessageResult r = null;
        // expired messages (#JMSExpiration <= now) are skipped, never delivered
        org.rocketjms.store.MessageFilter notExpired = org.rocketjms.broker.timer.DeliveryRouter.notExpired(filter,
                filter == null ? null : filter::matches);
        for (int round = 0; round < MAX_FILTER_ROUNDS; round++) {
            r = store.getMessage(h.topic(), h.queueId(), offset, h.maxMsgNums(), notExpired);
            switch (r.status()) {
                case FOUND:
                    RemotingCommand ok = response(request, ResponseCode.SUCCESS, null, r.nextBeginOffset(),
                            r.minOffset(), r.maxOffset());
                    ok.setBody(MessageListCodec.encode(Responses.toWire(r.records(),
                            org.rocketjms.broker.timer.DeliveryRouter.baseTopic(h.topic()))));
                    return ok;
                case NO_MATCHED_MESSAGE:
                case MESSAGE_WAS_REMOVING:
                    offset = r.nextBeginOffset();
                    if (offset < r.maxOffset()) {
                        continue;
                    }
                    return holdOrEmpty(channel, request, h.withOffset(offset), filter, deadline, offset,
                            r.minOffset(), r.maxOffset());
                case OFFSET_OVERFLOW_ONE:
                    return holdOrEmpty(channel, request, h, filter, deadline, offset, r.minOffset(), r.maxOffset());
                case NO_MESSAGE_IN_QUEUE:
                case NO_MATCHED_LOGIC_QUEUE:
                    long max = store.getMaxOffsetInQueue(h.topic(), h.queueId());
                    if (offset == max || (offset == 0 && max == 0)) {
                        return holdOrEmpty(channel, request, h, filter, deadline, offset, r.minOffset(), max);
                    }
                    return response(request, BrokerResponseCode.PULL_OFFSET_MOVED, "offset " + offset
                            + " is outside the empty queue; continue at " + max, max, r.minOffset(), max);
                case OFFSET_TOO_SMALL:
                    return response(request, BrokerResponseCode.PULL_OFFSET_MOVED, "offset " + offset
                            + " is below the queue's minimum " + r.minOffset(), r.minOffset(), r.minOffset(),
                            r.maxOffset());
                case OFFSET_OVERFLOW_BADLY:
                    return response(request, BrokerResponseCode.PULL_OFFSET_MOVED, "offset " + offset
                            + " is beyond the queue's maximum " + r.maxOffset(), r.maxOffset(), r.minOffset(),
                            r.maxOffset());
                case SERVICE_NOT_AVAILABLE:
                default:
                    return Responses.of(request, BrokerResponseCode.SERVICE_NOT_AVAILABLE,
                            "the message store is not available (" + r.status() + ")");
            }
        }
        return response(request, BrokerResponseCode.PULL_NOT_FOUND, "no matching message yet", offset,
                r.minOffset(), r.maxOffset());
    }

    private RemotingCommand holdOrEmpty(RemotingChannel channel, RemotingCommand request, PullMessageRequestHeader h,
                                        SubscriptionFilter filter, long deadline, long next, long min, long max) {
        if (System.currentTimeMillis() >= deadline || !channel.isActive()) {
            return response(request, BrokerResponseCode.PULL_NOT_FOUND, null, next, min, max);
        }
        MessageStore store = broker.getMessageStore();
        broker.getPullRequestHoldService().hold(h.topic(), h.queueId(), new PullRequestHoldService.HeldRequest(deadline) {
            @Override
            protected void wake() {
                RemotingCommand resp = pull(channel, request, h, filter, deadline);
                if (resp != null) {
                    channel.writeResponse(resp);
                }
            }

            @Override
            protected void expire() {
                long mn = store.getMinOffsetInQueue(h.topic(), h.queueId());
                long mx = store.getMaxOffsetInQueue(h.topic(), h.queueId());
                channel.writeResponse(response(request, BrokerResponseCode.PULL_NOT_FOUND, null, next, mn, mx));
            }

            @Override
            protected boolean hasNewData() {
                return store.getMaxOffsetInQueue(h.topic(), h.queueId()) > h.queueOffset();
            }
        });
        return null;
    }

    private static RemotingCommand response(RemotingCommand request, int code, String remark, long next, long min,
                                            long max) {
        RemotingCommand resp = Responses.of(request, code, remark);
        Map<String, String> ext = new HashMap<>();
        new PullMessageResponseHeader(next, min, max).encode(ext);
        resp.setExtFields(ext);
        return resp;
    }
}
