package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rocketjms.jms.client.route.TopicRoute;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ConsumerOffsetRequestHeader;
import org.rocketjms.remoting.protocol.broker.ExpressionType;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.OffsetResponseHeader;
import org.rocketjms.remoting.protocol.broker.PullMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.PullMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.QueueRequestHeader;
import org.rocketjms.remoting.protocol.broker.SearchOffsetRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/**
 * Plain offset-based reading of queues with long polling, for replay and browsing (JMS QueueBrowser): the caller
 * names the queue and offset; nothing is acknowledged and other consumers are unaffected.
 *
 * <p>The consumer keeps a read position per queue ({@link #position}/{@link #seek}, advanced by
 * {@link #pullNext}); committed offsets of its group live on the broker ({@link #commitOffset},
 * {@link #committedOffset}). Thread-safe; each call is one synchronous request.
 */
public final class PullConsumerCore implements AutoCloseable {

    private final ClientInstance instance;
    private final String group;
    private final Map<MessageQueue, Long> positions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    PullConsumerCore(ClientInstance instance, String group) {
        this.instance = instance;
        this.group = group;
    }

    /** The consumer group. */
    public String group() {
        return group;
    }

    /**
     * The readable queues of {@code topic}.
     *
     * @throws ClientException with {@link ClientException#NO_ROUTE} if the topic is unknown
     */
    public List<MessageQueue> queues(String topic) throws ClientException {
        TopicRoute r = instance.topicRoute(topic);
        if (r == null) {
            throw new ClientException(ClientException.NO_ROUTE, "topic " + topic + " is not known to the name servers");
        }
        return r.readQueues();
    }

    /** Reads everything from {@code offset}; see {@link #pull(MessageQueue, long, int, long, String, String)}. */
    public PullResult pull(MessageQueue mq, long offset, int maxMsgs, long suspendMillis) throws ClientException {
        return pull(mq, offset, maxMsgs, suspendMillis, null, null);
    }

    /**
     * Reads up to {@code maxMsgs} messages of {@code mq} from {@code offset} that match the filter; if none are
     * there, the broker holds the request up to {@code suspendMillis}.
     *
     * @param expression     tags or selector, null = everything
     * @param expressionType {@link ExpressionType#TAG} or {@link ExpressionType#SQL92}
     */
    public PullResult pull(MessageQueue mq, long offset, int maxMsgs, long suspendMillis, String expression,
                           String expressionType) throws ClientException {
        ensureOpen();
        String addr = address(mq);
        RemotingCommand resp = call(addr, BrokerRequestCode.PULL_MESSAGE, new PullMessageRequestHeader(group,
                mq.topic(), mq.queueId(), offset, maxMsgs, suspendMillis, expression,
                expressionType == null ? ExpressionType.TAG : expressionType),
                suspendMillis + instance.config().getRequestTimeoutMillis());
        int code = resp.getCode();
        PullStatus status;
        if (code == ResponseCode.SUCCESS) {
            status = PullStatus.FOUND;
        } else if (code == BrokerResponseCode.PULL_NOT_FOUND) {
            status = PullStatus.NO_NEW_MSG;
        } else if (code == BrokerResponseCode.PULL_OFFSET_MOVED) {
            status = PullStatus.OFFSET_ILLEGAL;
        } else {
            throw new ClientException(code, "pull from " + mq + " failed: " + resp.getRemark());
        }
        try {
            PullMessageResponseHeader h = resp.decodeHeader(PullMessageResponseHeader::decode);
            List<ReceivedMessage> msgs = new ArrayList<>();
            if (status == PullStatus.FOUND) {
                for (WireMessage w : MessageListCodec.decode(resp.getBody())) {
                    msgs.add(new ReceivedMessage(mq.brokerName(), addr, null, w));
                }
            }
            return new PullResult(status, h.nextBeginOffset(), h.minOffset(), h.maxOffset(), msgs);
        } catch (RemotingCommandException e) {
            throw new ClientException(ClientException.BAD_RESPONSE, "malformed pull response from " + addr + ": "
                    + e.getMessage(), e);
        }
    }

    /** Pulls from this consumer's position on {@code mq} (initially 0) and moves the position past the result. */
    public PullResult pullNext(MessageQueue mq, int maxMsgs, long suspendMillis) throws ClientException {
        long from = position(mq);
        PullResult r = pull(mq, from, maxMsgs, suspendMillis);
        positions.put(mq, r.nextBeginOffset());
        return r;
    }

    /** This consumer's read position on {@code mq} (0 if never set). */
    public long position(MessageQueue mq) {
        return positions.getOrDefault(mq, 0L);
    }

    /** Sets this consumer's read position on {@code mq}. */
    public void seek(MessageQueue mq, long offset) {
        positions.put(mq, offset);
    }

    /** The smallest offset still stored in {@code mq}. */
    public long minOffset(MessageQueue mq) throws ClientException {
        return offsetCall(mq, BrokerRequestCode.GET_MIN_OFFSET, new QueueRequestHeader(mq.topic(), mq.queueId()));
    }

    /** The offset the next message of {@code mq} will get. */
    public long maxOffset(MessageQueue mq) throws ClientException {
        return offsetCall(mq, BrokerRequestCode.GET_MAX_OFFSET, new QueueRequestHeader(mq.topic(), mq.queueId()));
    }

    /** The offset of the first message of {@code mq} stored at or after {@code timestampMillis}. */
    public long searchOffset(MessageQueue mq, long timestampMillis) throws ClientException {
        return offsetCall(mq, BrokerRequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new SearchOffsetRequestHeader(mq.topic(), mq.queueId(), timestampMillis));
    }

    /** The group's committed offset on {@code mq}, or -1 if none was committed. */
    public long committedOffset(MessageQueue mq) throws ClientException {
        ensureOpen();
        RemotingCommand resp = call(address(mq), BrokerRequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerOffsetRequestHeader(group, mq.topic(), mq.queueId(), -1),
                instance.config().getRequestTimeoutMillis());
        if (resp.getCode() == BrokerResponseCode.CONSUMER_OFFSET_NOT_FOUND) {
            return -1;
        }
        return offsetOf(mq, resp);
    }

    /** Commits the group's offset on {@code mq} (stored by the broker). */
    public void commitOffset(MessageQueue mq, long offset) throws ClientException {
        ensureOpen();
        RemotingCommand resp = call(address(mq), BrokerRequestCode.UPDATE_CONSUMER_OFFSET,
                new ConsumerOffsetRequestHeader(group, mq.topic(), mq.queueId(), offset),
                instance.config().getRequestTimeoutMillis());
        if (resp.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(resp.getCode(), "committing offset " + offset + " of " + mq + " failed: "
                    + resp.getRemark());
        }
    }

    private long offsetCall(MessageQueue mq, int code, CommandHeader header) throws ClientException {
        ensureOpen();
        return offsetOf(mq, call(address(mq), code, header, instance.config().getRequestTimeoutMillis()));
    }

    private static long offsetOf(MessageQueue mq, RemotingCommand resp) throws ClientException {
        if (resp.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(resp.getCode(), "offset request for " + mq + " failed: " + resp.getRemark());
        }
        try {
            return resp.decodeHeader(OffsetResponseHeader::decode).offset();
        } catch (RemotingCommandException e) {
            throw new ClientException(ClientException.BAD_RESPONSE, "malformed offset response: " + e.getMessage(), e);
        }
    }

    private String address(MessageQueue mq) throws ClientException {
        String addr = instance.brokerAddress(mq.brokerName());
        if (addr == null) {
            instance.topicRoute(mq.topic());
            addr = instance.brokerAddress(mq.brokerName());
        }
        if (addr == null) {
            throw new ClientException(ClientException.NO_ROUTE, "broker " + mq.brokerName() + " is not known");
        }
        return addr;
    }

    private RemotingCommand call(String addr, int code, CommandHeader header, long timeout) throws ClientException {
        try {
            return instance.invoke(addr, RemotingCommand.createRequest(code, header), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted", e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the pull consumer is closed");
        }
    }

    /** Closes the consumer. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            instance.removed(this);
        }
    }
}
