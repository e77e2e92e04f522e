package org.rocketjms.remoting.protocol.broker;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Optional body of END_TRANSACTION: the session's receipts, grouped by (consumer group, topic). Layout: int count of
 * groups; per group: string group, string topic, int count of handles, handle strings. On commit the broker acks
 * them, on rollback it makes them visible again.
 */
public final class TransactionAckListCodec {
    /** Most groups one request may carry. */
    public static final int MAX_GROUPS = 4096;

    /**
     * Receipts of one (group, topic).
     *
     * @param group   consumer group
     * @param topic   topic the messages were popped from (as in the ack request header)
     * @param handles receipt handle strings
     */
    public record Entry(String group, String topic, List<String> handles) {
    }

    private TransactionAckListCodec() {
    }

    /** Encodes the entries. */
    public static byte[] encode(List<Entry> entries) {
        BodyWriter w = new BodyWriter(64 + entries.size() * 64);
        w.putInt(entries.size());
        for (Entry e : entries) {
            w.putString(e.group());
            w.putString(e.topic());
            w.putInt(e.handles().size());
            for (String h : e.handles()) {
                w.putString(h);
            }
        }
        return w.toByteArray();
    }

    /** Decodes the entries (an empty or absent body is an empty list); handles are checked to parse. */
    public static List<Entry> decode(byte[] body) throws RemotingCommandException {
        if (body == null || body.length == 0) {
            return List.of();
        }
        BodyReader r = new BodyReader(body, "transaction ack list");
        int n = r.getCount(MAX_GROUPS, 12);
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String group = r.getString();
            String topic = r.getString();
            int k = r.getCount(ReceiptHandleListCodec.MAX_HANDLES, 4);
            List<String> handles = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                String h = r.getString();
                ReceiptHandle.parse(h);
                handles.add(h);
            }
            if (group == null || topic == null) {
                throw new RemotingCommandException("transaction ack list entry without group or topic");
            }
            out.add(new Entry(group, topic, handles));
        }
        r.expectEnd();
        return out;
    }
}
