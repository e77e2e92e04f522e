package org.rocketjms.store.commitlog;

import org.rocketjms.store.RawProperties;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.rocketjms.store.commitlog.RecordLayout.*;

/**
 * Encodes {@link StoreMessage}s into commit-log records and decodes and verifies them. Encoding writes every
 * field except the ones assigned under the append lock (queue offset, physical offset, store timestamp, CRC),
 * which {@link #seal} patches in; it is meant to run in the producer's thread, outside the lock.
 */
public final class RecordCodec {
    private static final byte[] NO_HOST = new byte[HOST_LENGTH];
    /** An IPv4 address is stored as its IPv4-mapped IPv6 form: ten zero bytes, two 0xff, the four bytes. */
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private RecordCodec() {
    }

    /** Size of the record {@code msg} will encode to, or a negative number if a part is too large. */
    public static int encodedSize(StoreMessage msg, byte[] topicBytes, int propertiesLength) {
        return recordSize(msg.getBody().length, topicBytes.length, propertiesLength);
    }

    /** Encoded length of a property map. */
    public static int propertiesLength(Map<String, String> props) {
        if (props == null || props.isEmpty()) {
            return 0;
        }
        int len = 0;
        for (Map.Entry<String, String> e : props.entrySet()) {
            len += 2 + utf8Length(e.getKey()) + 4 + utf8Length(e.getValue() == null ? "" : e.getValue());
        }
        return len;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * Writes the record for {@code msg} at the buffer's position (which advances by the record size). The
     * lock-assigned fields are left zero.
     */
    public static void encode(StoreMessage msg, byte[] topicBytes, int propertiesLength, ByteBuffer out) {
        int size = encodedSize(msg, topicBytes, propertiesLength);
        int start = out.position();
        out.putInt(size);
        out.putInt(MESSAGE_MAGIC);
        out.putInt(0); // CRC, sealed later
        out.putInt(msg.getQueueId());
        out.putInt(msg.getFlags());
        out.putLong(0L); // queue offset
        out.putLong(0L); // physical offset
        out.putLong(msg.getBornTimestamp());
        out.putLong(0L); // store timestamp
        putHost(out, msg.getBornHost());
        putHost(out, msg.getStoreHost());
        out.putInt(msg.getDeliveryCount());
        out.putLong(msg.getPreparedTransactionOffset());
        out.putLong(msg.getTagsCode());
        out.putInt(msg.getBody().length);
        out.put(msg.getBody());
        out.putShort((short) topicBytes.length);
        out.put(topicBytes);
        out.putInt(propertiesLength);
        Map<String, String> props = msg.getProperties();
        if (props != null) {
            for (Map.Entry<String, String> e : props.entrySet()) {
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] v = (e.getValue() == null ? "" : e.getValue()).getBytes(StandardCharsets.UTF_8);
                out.putShort((short) k.length);
                out.put(k);
                out.putInt(v.length);
                out.put(v);
            }
        }
        if (out.position() - start != size) {
            throw new IllegalStateException("record size mismatch: computed " + size + ", wrote " + (out.position() - start));
        }
    }

    /** Patches the lock-assigned fields of the record at {@code recordStart} and computes its CRC. */
    public static void seal(ByteBuffer buf, int recordStart, long queueOffset, long physicalOffset, long storeTimestamp,
                            CRC32C crc) {
        buf.putLong(recordStart + QUEUE_OFFSET, queueOffset);
        buf.putLong(recordStart + PHYSICAL_OFFSET, physicalOffset);
        buf.putLong(recordStart + STORE_TIMESTAMP, storeTimestamp);
        int size = buf.getInt(recordStart + TOTAL_SIZE);
        buf.putInt(recordStart + CRC, crcOf(buf, recordStart, size, crc));
    }

    /** CRC32C over {@code [recordStart+12, recordStart+size)} of {@code buf}, not moving its position. */
    public static int crcOf(ByteBuffer buf, int recordStart, int size, CRC32C crc) {
        crc.reset();
        ByteBuffer view = buf.duplicate();
        view.limit(recordStart + size).position(recordStart + CRC_COVERED_FROM);
        crc.update(view);
        return (int) crc.getValue();
    }

    private static void putHost(ByteBuffer out, InetSocketAddress host) {
        if (host == null || host.getAddress() == null) {
            out.put(NO_HOST);
            return;
        }
        byte[] addr = host.getAddress().getAddress();
        if (addr.length == 4) {
            out.put(V4_MAPPED_PREFIX);
            out.put(addr);
        } else {
            out.put(addr);
        }
        out.putInt(host.getPort());
    }

    private static InetSocketAddress getHost(ByteBuffer buf, int at) {
        byte[] addr = new byte[16];
        buf.get(at, addr);
        int port = buf.getInt(at + 16);
        boolean zero = port == 0;
        for (byte b : addr) {
            zero &= b == 0;
        }
        if (zero) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16-byte address rejected", e);
        }
    }

    /** Outcome of {@link #check}: the record's size if valid, or a negative code. */
    public static final int CHECK_BLANK = -1;
    public static final int CHECK_CORRUPT = -2;

    /**
     * Verifies the record at {@code pos} of {@code buf} (absolute positions, buffer limit = end of readable
     * data): length within bounds, magic, physical offset field equal to {@code expectedPhysicalOffset}, CRC.
     *
     * @return the record size when valid, {@link #CHECK_BLANK} for the end-of-file filler, or
     *         {@link #CHECK_CORRUPT}
     */
    public static int check(ByteBuffer buf, int pos, long expectedPhysicalOffset, int maxRecordSize, CRC32C crc) {
        int remaining = buf.limit() - pos;
        if (remaining < END_FILE_MIN_BLANK_LENGTH) {
            return CHECK_CORRUPT;
        }
        int size = buf.getInt(pos + TOTAL_SIZE);
        int magic = buf.getInt(pos + MAGIC);
        if (magic == BLANK_MAGIC) {
            return size == remaining || size >= END_FILE_MIN_BLANK_LENGTH && size <= remaining ? CHECK_BLANK : CHECK_CORRUPT;
        }
        if (magic != MESSAGE_MAGIC || size < FIXED_HEADER_SIZE + VARIABLE_LENGTH_FIELDS || size > remaining
                || size > maxRecordSize) {
            return CHECK_CORRUPT;
        }
        if (buf.getLong(pos + PHYSICAL_OFFSET) != expectedPhysicalOffset) {
            return CHECK_CORRUPT;
        }
        int bodyLen = buf.getInt(pos + BODY_LENGTH);
        if (bodyLen < 0 || FIXED_HEADER_SIZE + bodyLen + VARIABLE_LENGTH_FIELDS > size) {
            return CHECK_CORRUPT;
        }
        if (buf.getInt(pos + CRC) != crcOf(buf, pos, size, crc)) {
            return CHECK_CORRUPT;
        }
        return size;
    }

    /** Decodes a verified record starting at {@code pos}. */
    public static StoredMessage decode(ByteBuffer buf, int pos, boolean readBody) {
        int size = buf.getInt(pos + TOTAL_SIZE);
        int bodyLen = buf.getInt(pos + BODY_LENGTH);
        byte[] body = null;
        if (readBody) {
            body = new byte[bodyLen];
            buf.get(pos + BODY, body);
        }
        int at = pos + BODY + bodyLen;
        int topicLen = buf.getShort(at) & 0xffff;
        byte[] topic = new byte[topicLen];
        buf.get(at + 2, topic);
        at += 2 + topicLen;
        int propsLen = buf.getInt(at);
        at += 4;
        // kept as bytes: a consumer's pop looks up one or two keys and passes the rest on undecoded
        RawProperties props = propsLen == 0 ? RawProperties.empty() : new RawProperties(bytes(buf, at, propsLen));
        return new StoredMessage(
                new String(topic, StandardCharsets.UTF_8),
                buf.getInt(pos + QUEUE_ID),
                buf.getInt(pos + FLAGS),
                buf.getLong(pos + QUEUE_OFFSET),
                buf.getLong(pos + PHYSICAL_OFFSET),
                size,
                buf.getLong(pos + BORN_TIMESTAMP),
                buf.getLong(pos + STORE_TIMESTAMP),
                getHost(buf, pos + BORN_HOST),
                getHost(buf, pos + STORE_HOST),
                buf.getInt(pos + DELIVERY_COUNT),
                buf.getLong(pos + PREPARED_TX_OFFSET),
                buf.getLong(pos + TAGS_CODE),
                body,
                props);
    }

    /** Whether the record at {@code pos} has the topic whose UTF-8 bytes are {@code topic}. */
    public static boolean topicEquals(ByteBuffer buf, int pos, byte[] topic) {
        int at = pos + BODY + buf.getInt(pos + BODY_LENGTH);
        if ((buf.getShort(at) & 0xffff) != topic.length) {
            return false;
        }
        for (int i = 0; i < topic.length; i++) {
            if (buf.get(at + 2 + i) != topic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the topic of the record at {@code pos} without decoding the rest. */
    public static String topicOf(ByteBuffer buf, int pos) {
        int bodyLen = buf.getInt(pos + BODY_LENGTH);
        int at = pos + BODY + bodyLen;
        int topicLen = buf.getShort(at) & 0xffff;
        byte[] topic = new byte[topicLen];
        buf.get(at + 2, topic);
        return new String(topic, StandardCharsets.UTF_8);
    }

    /** The property map of the record at {@code pos}, without the rest (decoded lazily, see {@link RawProperties}). */
    public static Map<String, String> propertiesOf(ByteBuffer buf, int pos) {
        int bodyLen = buf.getInt(pos + BODY_LENGTH);
        int at = pos + BODY + bodyLen;
        int topicLen = buf.getShort(at) & 0xffff;
        at += 2 + topicLen;
        int propsLen = buf.getInt(at);
        return propsLen == 0 ? RawProperties.empty() : new RawProperties(bytes(buf, at + 4, propsLen));
    }

    private static byte[] bytes(ByteBuffer buf, int at, int len) {
        byte[] b = new byte[len];
        buf.get(at, b);
        return b;
    }
}
