package org.rocketjms.broker.bench;

import java.util.List;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.OffsetResponseHeader;
import org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.PullMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.QueueRequestHeader;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/**
 * A small synchronous broker client for the robustness test and the benchmark: one remoting client, hence one
 * connection and its own I/O thread, per instance. Every call returns the raw response; nothing is retried.
 */
public final class BrokerClient implements AutoCloseable {
    private static final long CALL_TIMEOUT_MILLIS = 10_000;

    private final NettyRemotingClient remoting;
    private final String addr;
    private final String clientId;

    /**
     * Starts a client for the broker at {@code addr} ({@code host:port}); it connects on the first call.
     *
     * @param clientId the consumer identity used by {@link #pop}
     */
    public BrokerClient(String addr, String clientId) throws RemotingException {
        this.addr = addr;
        this.clientId = clientId;
        NettyClientConfig cfg = new NettyClientConfig();
        cfg.setWorkerThreads(1);
        remoting = new NettyRemotingClient(cfg);
        remoting.start();
    }

    /** Sends any request and waits for its response. */
    public RemotingCommand call(int code, CommandHeader header, byte[] body, long timeoutMillis) throws Exception {
        RemotingCommand request = RemotingCommand.createRequest(code, header);
        request.setBody(body);
        return remoting.invokeSync(addr, request, timeoutMillis);
    }

    /** SEND_MESSAGE of {@code body} to a queue ({@code -1}: the broker picks), waiting for the store. */
    public RemotingCommand send(String topic, int queueId, byte[] body) throws Exception {
        return call(BrokerRequestCode.SEND_MESSAGE, new SendMessageRequestHeader("bench-pg", topic, queueId, 0,
                System.currentTimeMillis(), null, true), body, CALL_TIMEOUT_MILLIS);
    }

    /** PULL_MESSAGE; the broker may hold it for {@code suspendMillis} while the queue has nothing at the offset. */
    public RemotingCommand pull(String group, String topic, int queueId, long offset, int max, long suspendMillis)
            throws Exception {
        return call(BrokerRequestCode.PULL_MESSAGE, new PullMessageRequestHeader(group, topic, queueId, offset, max,
                suspendMillis, null, null), null, suspendMillis + CALL_TIMEOUT_MILLIS);
    }

    /** POP_MESSAGE from any queue of the topic; the broker may hold it for {@code pollMillis}. */
    public RemotingCommand pop(String group, String topic, int max, long invisibleMillis, long pollMillis)
            throws Exception {
        return call(BrokerRequestCode.POP_MESSAGE, new PopMessageRequestHeader(group, topic, -1, max, invisibleMillis,
                pollMillis, null, null, clientId, false), null, pollMillis + CALL_TIMEOUT_MILLIS);
    }

    /** ACK_MESSAGE of popped messages by their receipt handles. */
    public RemotingCommand ack(String group, String topic, List<String> receipts) throws Exception {
        return call(BrokerRequestCode.ACK_MESSAGE, new AckMessageRequestHeader(group, topic),
                ReceiptHandleListCodec.encode(receipts), CALL_TIMEOUT_MILLIS);
    }

    /** GET_MAX_OFFSET of a queue: the offset the next message will get. */
    public long maxOffset(String topic, int queueId) throws Exception {
        RemotingCommand r = call(BrokerRequestCode.GET_MAX_OFFSET, new QueueRequestHeader(topic, queueId), null,
                CALL_TIMEOUT_MILLIS);
        if (r.getCode() != 0) {
            throw new IllegalStateException("GET_MAX_OFFSET failed: " + r.getCode() + " " + r.getRemark());
        }
        return OffsetResponseHeader.decode(r.getExtFields()).offset();
    }

    /** The messages of a pull or pop response (empty for a response without a body). */
    public static List<WireMessage> messages(RemotingCommand response) throws RemotingCommandException {
        return response.getBody() == null ? List.of() : MessageListCodec.decode(response.getBody());
    }

    @Override
    public void close() {
        remoting.shutdown();
    }
}
