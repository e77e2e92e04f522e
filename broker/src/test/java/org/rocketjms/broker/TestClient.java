package org.rocketjms.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.ChangeInvisibleTimeRequestHeader;
import org.rocketjms.remoting.protocol.broker.ExpressionType;
import org.rocketjms.remoting.protocol.broker.HeartbeatData;
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.remoting.protocol.broker.PullMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.UnregisterClientRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/** A minimal broker client for tests, built from the remoting client and the broker protocol types. */
final class TestClient implements AutoCloseable {
    final NettyRemotingClient remoting;
    final String addr;
    final String clientId;

    TestClient(String addr, String clientId) throws Exception {
        this.addr = addr;
        this.clientId = clientId;
        remoting = new NettyRemotingClient(new NettyClientConfig());
        remoting.start();
    }

    RemotingCommand call(int code, CommandHeader header, byte[] body, long timeout) throws Exception {
        RemotingCommand req = RemotingCommand.createRequest(code, header);
        req.setBody(body);
        return remoting.invokeSync(addr, req, timeout);
    }

    RemotingCommand send(String topic, int queueId, String body, Map<String, String> props) throws Exception {
        return call(BrokerRequestCode.SEND_MESSAGE, new SendMessageRequestHeader("pg", topic, queueId, 0,
                System.currentTimeMillis(), PropertiesCodec.encode(props), true), body.getBytes(), 10_000);
    }

    RemotingCommand send(String topic, int queueId, String body) throws Exception {
        return send(topic, queueId, body, Map.of());
    }

    RemotingCommand sendBatch(String topic, int queueId, List<MessageBatchCodec.Entry> entries) throws Exception {
        return call(BrokerRequestCode.SEND_BATCH_MESSAGE, new SendMessageRequestHeader("pg", topic, queueId, 0,
                System.currentTimeMillis(), null, true), MessageBatchCodec.encode(entries), 10_000);
    }

    RemotingCommand pull(String group, String topic, int queueId, long offset, int max, long suspend,
                         String expr, String type) throws Exception {
        return call(BrokerRequestCode.PULL_MESSAGE, new PullMessageRequestHeader(group, topic, queueId, offset, max,
                suspend, expr, type), null, suspend + 10_000);
    }

    List<WireMessage> pop(String group, String topic, int max, long invisible, long poll, String selector)
            throws Exception {
        RemotingCommand r = call(BrokerRequestCode.POP_MESSAGE, new PopMessageRequestHeader(group, topic, -1, max,
                invisible, poll, selector, selector == null ? null : ExpressionType.SQL92, clientId, false), null,
                poll + 10_000);
        if (r.getCode() != 0 && r.getCode() != 25) {
            throw new IllegalStateException("pop failed: " + r.getCode() + " " + r.getRemark());
        }
        return MessageListCodec.decode(r.getBody());
    }

    RemotingCommand ack(String group, String topic, List<String> receipts) throws Exception {
        return call(BrokerRequestCode.ACK_MESSAGE, new AckMessageRequestHeader(group, topic),
                ReceiptHandleListCodec.encode(receipts), 10_000);
    }

    RemotingCommand changeInvisible(String group, String topic, List<String> receipts, long millis) throws Exception {
        return call(BrokerRequestCode.CHANGE_INVISIBLE_TIME, new ChangeInvisibleTimeRequestHeader(group, topic, millis),
                ReceiptHandleListCodec.encode(receipts), 10_000);
    }

    RemotingCommand heartbeat(String group, String topic) throws Exception {
        HeartbeatData hb = new HeartbeatData(clientId, List.of("pg"),
                List.of(new HeartbeatData.ConsumerData(group, topic, "*", ExpressionType.TAG)));
        return call(BrokerRequestCode.HEARTBEAT, null, hb.encode(), 10_000);
    }

    RemotingCommand unregister() throws Exception {
        return call(BrokerRequestCode.UNREGISTER_CLIENT, new UnregisterClientRequestHeader(clientId), null, 10_000);
    }

    /** Waits until the broker's dispatcher made {@code expected} messages of a queue readable. */
    long awaitMaxOffset(String topic, int queueId, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        long max;
        do {
            RemotingCommand r = call(BrokerRequestCode.GET_MAX_OFFSET,
                    new org.rocketjms.remoting.protocol.broker.QueueRequestHeader(topic, queueId), null, 5000);
            max = org.rocketjms.remoting.protocol.broker.OffsetResponseHeader.decode(r.getExtFields()).offset();
            if (max >= expected) {
                return max;
            }
            Thread.sleep(5);
        } while (System.currentTimeMillis() < deadline);
        return max;
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        remoting.shutdown();
    }
}
