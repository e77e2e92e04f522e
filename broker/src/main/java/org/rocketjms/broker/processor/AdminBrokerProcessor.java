package org.rocketjms.broker.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.subscription.SubscriptionGroupConfig;
import org.rocketjms.broker.topic.TopicConfig;
import org.rocketjms.broker.topic.TopicConfigManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerExtFields;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ConsumerOffsetRequestHeader;
import org.rocketjms.remoting.protocol.broker.DeleteSubscriptionGroupRequestHeader;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.OffsetResponseHeader;
import org.rocketjms.remoting.protocol.broker.QueryMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.QueueRequestHeader;
import org.rocketjms.remoting.protocol.broker.SearchOffsetRequestHeader;
import org.rocketjms.remoting.protocol.broker.SubscriptionGroupHeader;
import org.rocketjms.remoting.protocol.broker.TopicConfigHeader;
import org.rocketjms.remoting.protocol.broker.TopicRequestHeader;
import org.rocketjms.remoting.protocol.broker.ViewMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.MessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoredMessage;

/**
 * Offsets (consumer, min, max, by time), message queries (by key, by commit-log offset) and topic administration.
 */
public final class AdminBrokerProcessor implements RequestProcessor {
    private final BrokerController broker;

    /** @param broker the broker */
    public AdminBrokerProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        MessageStore store = broker.getMessageStore();
        switch (request.getCode()) {
            case BrokerRequestCode.QUERY_CONSUMER_OFFSET: {
                ConsumerOffsetRequestHeader h = request.decodeHeader(ConsumerOffsetRequestHeader::decode);
                long off = broker.getConsumerOffsetManager().queryOffset(h.consumerGroup(), h.topic(), h.queueId());
                if (off < 0) {
                    off = broker.getAckStateManager().consumeOffset(h.consumerGroup(), h.topic(), h.queueId());
                }
                if (off < 0) {
                    return Responses.of(request, BrokerResponseCode.CONSUMER_OFFSET_NOT_FOUND, "group "
                            + h.consumerGroup() + " has no offset on " + h.topic() + "/" + h.queueId());
                }
                return ok(request, new OffsetResponseHeader(off));
            }
            case BrokerRequestCode.UPDATE_CONSUMER_OFFSET: {
                ConsumerOffsetRequestHeader h = request.decodeHeader(ConsumerOffsetRequestHeader::decode);
                if (h.offset() < 0) {
                    return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "offset must be >= 0");
                }
                broker.getSubscriptionGroupManager().getOrCreate(h.consumerGroup());
                broker.getConsumerOffsetManager().commitOffset(h.consumerGroup(), h.topic(), h.queueId(), h.offset());
                return ok(request, null);
            }
            case BrokerRequestCode.GET_MIN_OFFSET: {
                QueueRequestHeader h = request.decodeHeader(QueueRequestHeader::decode);
                return ok(request, new OffsetResponseHeader(store.getMinOffsetInQueue(h.topic(), h.queueId())));
            }
            case BrokerRequestCode.GET_MAX_OFFSET: {
                QueueRequestHeader h = request.decodeHeader(QueueRequestHeader::decode);
                return ok(request, new OffsetResponseHeader(store.getMaxOffsetInQueue(h.topic(), h.queueId())));
            }
            case BrokerRequestCode.SEARCH_OFFSET_BY_TIMESTAMP: {
                SearchOffsetRequestHeader h = request.decodeHeader(SearchOffsetRequestHeader::decode);
                return ok(request, new OffsetResponseHeader(
                        store.getOffsetInQueueByTime(h.topic(), h.queueId(), h.timestamp())));
            }
            case BrokerRequestCode.QUERY_MESSAGE: {
                QueryMessageRequestHeader h = request.decodeHeader(QueryMessageRequestHeader::decode);
                List<StoredMessage> found = store.queryMessage(h.topic(), h.key(), Math.max(1, Math.min(h.maxNum(), 64)),
                        h.beginTimestamp(), h.endTimestamp());
                if (found.isEmpty()) {
                    return Responses.of(request, BrokerResponseCode.QUERY_NOT_FOUND, "no message of topic " + h.topic()
                            + " has key " + h.key());
                }
                List<WireMessage> out = new ArrayList<>();
                for (StoredMessage m : found) {
                    out.add(Responses.toWire(m, 0, null));
                }
                RemotingCommand resp = ok(request, null);
                resp.setBody(MessageListCodec.encode(out));
                return resp;
            }
            case BrokerRequestCode.VIEW_MESSAGE_BY_OFFSET: {
                ViewMessageRequestHeader h = request.decodeHeader(ViewMessageRequestHeader::decode);
                StoredMessage m = store.lookMessageByOffset(h.commitLogOffset());
                if (m == null) {
                    return Responses.of(request, BrokerResponseCode.QUERY_NOT_FOUND, "no message at commit-log offset "
                            + h.commitLogOffset());
                }
                RemotingCommand resp = ok(request, null);
                resp.setBody(MessageListCodec.encode(List.of(Responses.toWire(m, 0, null))));
                return resp;
            }
            case BrokerRequestCode.UPDATE_AND_CREATE_TOPIC: {
                TopicConfigHeader h = request.decodeHeader(TopicConfigHeader::decode);
                String invalid = TopicConfigManager.validateName(h.topic());
                if (invalid != null) {
                    return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, invalid);
                }
                if (h.readQueueNums() < 1 || h.writeQueueNums() < 1 || h.readQueueNums() > 1024
                        || h.writeQueueNums() > 1024) {
                    return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "queue counts must be 1..1024");
                }
                TopicConfig existing = broker.getTopicConfigManager().get(h.topic());
                if (existing != null && existing.isSystem()) {
                    return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "topic " + h.topic()
                            + " is a system topic");
                }
                Map<String, String> ext = request.getExtFields() == null ? Map.of() : request.getExtFields();
                boolean temporary = "true".equalsIgnoreCase(ext.get(BrokerExtFields.TEMPORARY));
                String clientId = ext.get(BrokerExtFields.CLIENT_ID);
                if (existing != null && !broker.getTemporaryTopicManager().mayDelete(h.topic(), clientId, channel)) {
                    return Responses.of(request, BrokerResponseCode.NO_PERMISSION, "topic " + h.topic()
                            + " is a temporary topic of another connection");
                }
                TopicConfig tc = new TopicConfig(h.topic(), h.readQueueNums());
                tc.setWriteQueueNums(h.writeQueueNums());
                tc.setPerm(h.perm());
                if (temporary || (existing != null && existing.isTemporary())) {
                    tc.setTemporary(true);
                    tc.setOwnerClientId(clientId != null ? clientId
                            : existing != null ? existing.getOwnerClientId() : null);
                    broker.getTemporaryTopicManager().bind(h.topic(), tc.getOwnerClientId(), channel);
                }
                broker.getTopicConfigManager().update(tc);
                return ok(request, null);
            }
            case BrokerRequestCode.GET_TOPIC_CONFIG: {
                TopicRequestHeader h = request.decodeHeader(TopicRequestHeader::decode);
                TopicConfig tc = broker.getTopicConfigManager().get(h.topic());
                if (tc == null) {
                    return Responses.of(request, BrokerResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic()
                            + " does not exist");
                }
                return ok(request, new TopicConfigHeader(tc.getTopicName(), tc.getReadQueueNums(),
                        tc.getWriteQueueNums(), tc.getPerm()));
            }
            case BrokerRequestCode.DELETE_TOPIC: {
                TopicRequestHeader h = request.decodeHeader(TopicRequestHeader::decode);
                TopicConfig tc = broker.getTopicConfigManager().get(h.topic());
                if (tc == null) {
                    return Responses.of(request, BrokerResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic()
                            + " does not exist");
                }
                if (tc.isSystem()) {
                    return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "topic " + h.topic()
                            + " is a system topic");
                }
                String caller = request.getExtFields() == null ? null
                        : request.getExtFields().get(BrokerExtFields.CLIENT_ID);
                if (!broker.getTemporaryTopicManager().mayDelete(h.topic(), caller, channel)) {
                    return Responses.of(request, BrokerResponseCode.NO_PERMISSION, "topic " + h.topic()
                            + " is a temporary topic of another connection; only its creator may delete it");
                }
                return whenDurable(channel, request, broker.deleteTopic(h.topic()));
            }
            case BrokerRequestCode.DELETE_SUBSCRIPTION_GROUP: {
                DeleteSubscriptionGroupRequestHeader h =
                        request.decodeHeader(DeleteSubscriptionGroupRequestHeader::decode);
                broker.getConsumerOffsetManager().remove(h.consumerGroup(), h.topic());
                if (h.topic() == null) {
                    broker.getSubscriptionGroupManager().remove(h.consumerGroup());
                }
                if (h.topic() != null) {
                    broker.getAckStateManager().delete(h.consumerGroup(),
                            org.rocketjms.broker.timer.DeliveryRouter.highBand(h.topic()));
                }
                return whenDurable(channel, request, broker.getAckStateManager().delete(h.consumerGroup(), h.topic()));
            }
            case BrokerRequestCode.UPDATE_AND_CREATE_SUBSCRIPTION_GROUP: {
                SubscriptionGroupHeader h = request.decodeHeader(SubscriptionGroupHeader::decode);
                SubscriptionGroupConfig g = new SubscriptionGroupConfig(h.consumerGroup());
                g.setRetryMaxTimes(h.retryMaxTimes());
                g.setConsumeEnable(h.consumeEnable());
                broker.getSubscriptionGroupManager().update(g);
                return ok(request, null);
            }
            default:
                return Responses.of(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "request code "
                        + request.getCode() + " is not supported by the admin processor");
        }
    }

    private static RemotingCommand whenDurable(RemotingChannel channel, RemotingCommand request,
                                               CompletableFuture<PutMessageResult> f) {
        f.whenComplete((r, ex) -> {
            if (ex != null || (r != null && !r.isOk())) {
                channel.writeResponse(Responses.of(request, BrokerResponseCode.SERVICE_NOT_AVAILABLE,
                        "the removal could not be recorded durably: " + (ex != null ? ex : r.status())));
            } else {
                channel.writeResponse(Responses.of(request, ResponseCode.SUCCESS, null));
            }
        });
        return null;
    }

    private static RemotingCommand ok(RemotingCommand request, CommandHeader header) {
        RemotingCommand resp = Responses.of(request, ResponseCode.SUCCESS, null);
        if (header != null) {
            Map<String, String> ext = new HashMap<>();
            header.encode(ext);
            resp.setExtFields(ext);
        }
        return resp;
    }
}
