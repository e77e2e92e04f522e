package org.rocketjms.remoting.protocol.broker;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.remoting.exception.RemotingCommandException;

/** Binary body of pull/pop/query/view responses: an int count, then each {@link WireMessage} field in order. */
public final class MessageListCodec {
    /** Most messages one body may hold. */
    public static final int MAX_MESSAGES = 65_536;
    private static final int MIN_MESSAGE_BYTES = 4 + 4 + 8 * 5 + 4 + 4 + 4 + 4 + 4;

    private MessageListCodec() {
    }

    /** Encodes the list into an array of exactly its size (one allocation for the whole answer body). */
    public static byte[] encode(List<WireMessage> msgs) {
        int size = 4;
        for (WireMessage m : msgs) {
            size += BodyWriter.sizeOf(m.topic()) + 4 + 8 * 4 + 4 + 4 + BodyWriter.sizeOf(m.properties())
                    + BodyWriter.sizeOf(m.body()) + BodyWriter.sizeOf(m.receiptHandle());
        }
        BodyWriter w = new BodyWriter(size);
        w.putInt(msgs.size());
        for (WireMessage m : msgs) {
            w.putString(m.topic()).putInt(m.queueId()).putLong(m.queueOffset()).putLong(m.commitLogOffset())
                    .putLong(m.storeTimestamp()).putLong(m.bornTimestamp()).putInt(m.deliveryCount())
                    .putInt(m.flags()).putStringMap(m.properties()).putBytes(m.body()).putString(m.receiptHandle());
        }
        return w.finish();
    }

    /** Decodes a body made by {@link #encode}; null decodes as an empty list. */
    public static List<WireMessage> decode(byte[] body) throws RemotingCommandException {
        if (body == null || body.length == 0) {
            return new ArrayList<>();
        }
        BodyReader r = new BodyReader(body, "message list");
        int n = r.getCount(MAX_MESSAGES, MIN_MESSAGE_BYTES);
        List<WireMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String topic = r.getString();
            if (topic == null) {
                throw new RemotingCommandException("malformed message list: message " + i + " has no topic");
            }
            int queueId = r.getInt();
            long queueOffset = r.getLong();
            long clOffset = r.getLong();
            long storeTs = r.getLong();
            long bornTs = r.getLong();
            int deliveryCount = r.getInt();
            int flags = r.getInt();
            var props = r.getStringMap();
            byte[] b = r.getBytes();
            String receipt = r.getString();
            out.add(new WireMessage(topic, queueId, queueOffset, clOffset, storeTs, bornTs, deliveryCount, flags, props,
                    b == null ? new byte[0] : b, receipt));
        }
        r.expectEnd();
        return out;
    }
}
