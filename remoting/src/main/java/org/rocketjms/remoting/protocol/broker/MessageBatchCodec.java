package org.rocketjms.remoting.protocol.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;

/** Binary body of SEND_BATCH_MESSAGE: an int count, then per message flags, bornTimestamp, properties, body. */
public final class MessageBatchCodec {
    /** Most messages one batch may hold. */
    public static final int MAX_MESSAGES = 4096;

    /**
     * One message of a batch.
     *
     * @param flags         record flags
     * @param bornTimestamp creation time
     * @param properties    properties
     * @param body          body
     */
    public record Entry(int flags, long bornTimestamp, Map<String, String> properties, byte[] body) {
    }

    private MessageBatchCodec() {
    }

    /** Encodes the batch. */
    public static byte[] encode(List<Entry> entries) {
        BodyWriter w = new BodyWriter(64 * entries.size() + 8);
        w.putInt(entries.size());
        for (Entry e : entries) {
            w.putInt(e.flags()).putLong(e.bornTimestamp()).putStringMap(e.properties()).putBytes(e.body());
        }
        return w.toByteArray();
    }

    /** Decodes a body made by {@link #encode}; an empty batch is malformed. */
    public static List<Entry> decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "message batch");
        int n = r.getCount(MAX_MESSAGES, 20);
        if (n == 0) {
            throw new RemotingCommandException("malformed message batch: no messages");
        }
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int flags = r.getInt();
            long born = r.getLong();
            Map<String, String> props = r.getStringMap();
            byte[] b = r.getBytes();
            out.add(new Entry(flags, born, props, b == null ? new byte[0] : b));
        }
        r.expectEnd();
        return out;
    }
}
