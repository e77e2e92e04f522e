package org.rocketjms.broker.pop;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.broker.BodyReader;
import org.rocketjms.remoting.protocol.broker.BodyWriter;

/**
 * One entry of the ack log (system topic {@link AckStateManager#ACK_LOG_TOPIC}): a POP (messages handed out, with
 * their delivery counts, and the range the scan cursor moved over), an ACK (messages acknowledged), a DELETE (the
 * state of a group and/or topic was removed; a null group or topic means "any") or a RESERVE (unforced POP records
 * may move the queue's cursor up to {@code cursorAfter}; see {@link AckStateManager}). Layout:
 * type byte, group, topic, queueId int, cursorBefore long, cursorAfter long, count int, then count times
 * (offset long, deliveryCount int).
 *
 * @param type         {@link #POP}, {@link #ACK}, {@link #DELETE} or {@link #RESERVE}
 * @param group        consumer group
 * @param topic        topic
 * @param queueId      queue
 * @param cursorBefore POP, RESERVE: scan cursor before the pop
 * @param cursorAfter  POP: scan cursor after the pop; RESERVE: the reservation
 * @param offsets      queue offsets
 * @param counts       delivery counts, parallel to offsets
 */
public record AckLogRecord(int type, String group, String topic, int queueId, long cursorBefore, long cursorAfter,
                           long[] offsets, int[] counts) {
    /** Messages were handed out. */
    public static final int POP = 1;
    /** Messages were acknowledged. */
    public static final int ACK = 2;
    /** A group's and/or topic's state was removed. */
    public static final int DELETE = 3;
    /** The queue's cursor may move up to cursorAfter by POP records that were not forced. */
    public static final int RESERVE = 4;

    /** Encodes the record as a message body. */
    public byte[] encode() {
        BodyWriter w = new BodyWriter(64 + offsets.length * 12);
        w.putByte(type).putString(group).putString(topic).putInt(queueId).putLong(cursorBefore).putLong(cursorAfter)
                .putInt(offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            w.putLong(offsets[i]).putInt(counts[i]);
        }
        return w.toByteArray();
    }

    /** Decodes a body made by {@link #encode}. */
    public static AckLogRecord decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "ack log record");
        int type = r.getByte();
        if (type != POP && type != ACK && type != DELETE && type != RESERVE) {
            throw new RemotingCommandException("unknown ack log record type " + type);
        }
        String group = r.getString();
        String topic = r.getString();
        int queueId = r.getInt();
        long before = r.getLong();
        long after = r.getLong();
        int n = r.getCount(1 << 20, 12);
        long[] offsets = new long[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = r.getLong();
            counts[i] = r.getInt();
        }
        r.expectEnd();
        if (type != DELETE && (group == null || topic == null)) {
            throw new RemotingCommandException("ack log record without group or topic");
        }
        return new AckLogRecord(type, group, topic, queueId, before, after, offsets, counts);
    }
}
