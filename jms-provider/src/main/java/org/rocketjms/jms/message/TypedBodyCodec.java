package org.rocketjms.jms.message;

import jakarta.jms.MessageFormatException;

import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary body of map and stream messages. Big-endian throughout:
 * <pre>
 *   body    := magic(2) version(1) count(int32) item*      magic 'R''S' for stream, 'R''M' for map, version 1
 *   item    := value                                         (stream)
 *            | nameLen(int32) name(modified UTF-8) value     (map; names non-empty and distinct)
 *   value   := tag(1) payload
 *     0 null  1 false  2 true   (no payload)
 *     3 byte(1)  4 short(2)  5 char(2)  6 int(4)  7 long(8)  8 float(4 raw bits)  9 double(8 raw bits)
 *     10 String: len(int32) modified UTF-8     11 byte[]: len(int32) bytes
 * </pre>
 * Strings use modified UTF-8 so that every Java string, unpaired surrogates included, round-trips exactly. An empty
 * byte array decodes as an empty body. Decoding validates everything (magic, version, tags, lengths, UTF-8, no
 * trailing bytes) and throws {@link MessageFormatException} on malformed input.
 */
final class TypedBodyCodec {
    private static final byte MAGIC_0 = 'R';
    private static final byte MAGIC_STREAM = 'S';
    private static final byte MAGIC_MAP = 'M';
    private static final byte VERSION = 1;
    private static final int HEADER_LENGTH = 7;

    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte BYTE = 3;
    static final byte SHORT = 4;
    static final byte CHAR = 5;
    static final byte INT = 6;
    static final byte LONG = 7;
    static final byte FLOAT = 8;
    static final byte DOUBLE = 9;
    static final byte STRING = 10;
    static final byte BYTES = 11;

    private TypedBodyCodec() {
    }

    // -------------------------------------------------------------------------------------------- encode

    static byte[] encodeStream(List<Object> fields) {
        Out out = new Out(HEADER_LENGTH + fields.size() * 9);
        out.header(MAGIC_STREAM, fields.size());
        for (Object v : fields) {
            out.value(v);
        }
        return out.toByteArray();
    }

    static byte[] encodeMap(Map<String, Object> entries) {
        Out out = new Out(HEADER_LENGTH + entries.size() * 16);
        out.header(MAGIC_MAP, entries.size());
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            out.string(e.getKey());
            out.value(e.getValue());
        }
        return out.toByteArray();
    }

    /** A growable big-endian writer. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int initial) {
            buf = new byte[Math.max(16, initial)];
        }

        private int reserve(int n) {
            int needed = len + n;
            if (needed > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
            }
            int at = len;
            len = needed;
            return at;
        }

        void header(byte magic, int count) {
            int at = reserve(3);
            buf[at] = MAGIC_0;
            buf[at + 1] = magic;
            buf[at + 2] = VERSION;
            int32(count);
        }

        void int8(int v) {
            int at = reserve(1);
            buf[at] = (byte) v;
        }

        void int16(int v) {
            int at = reserve(2);
            buf[at] = (byte) (v >>> 8);
            buf[at + 1] = (byte) v;
        }

        void int32(int v) {
            int at = reserve(4);
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void string(String s) {
            int n = ModifiedUtf8.encodedLength(s);
            int32(n);
            int at = reserve(n);
            ModifiedUtf8.encode(s, buf, at);
        }

        void value(Object v) {
            if (v == null) {
                int8(NULL);
            } else if (v instanceof Boolean b) {
                int8(b ? TRUE : FALSE);
            } else if (v instanceof Byte b) {
                int8(BYTE);
                int8(b);
            } else if (v instanceof Short s) {
                int8(SHORT);
                int16(s);
            } else if (v instanceof Character c) {
                int8(CHAR);
                int16(c);
            } else if (v instanceof Integer i) {
                int8(INT);
                int32(i);
            } else if (v instanceof Long l) {
                int8(LONG);
                int64(l);
            } else if (v instanceof Float f) {
                int8(FLOAT);
                int32(Float.floatToRawIntBits(f));
            } else if (v instanceof Double d) {
                int8(DOUBLE);
                int64(Double.doubleToRawLongBits(d));
            } else if (v instanceof String s) {
                int8(STRING);
                string(s);
            } else if (v instanceof byte[] b) {
                int8(BYTES);
                int32(b.length);
                int at = reserve(b.length);
                System.arraycopy(b, 0, buf, at, b.length);
            } else {
                throw new IllegalStateException("a map/stream body cannot hold a " + v.getClass().getName());
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    // -------------------------------------------------------------------------------------------- decode

    static List<Object> decodeStream(byte[] body) throws MessageFormatException {
        if (body.length == 0) {
            return new ArrayList<>();
        }
        In in = new In(body, "StreamMessage");
        int count = in.header(MAGIC_STREAM, 1);
        List<Object> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(in.value());
        }
        in.end();
        return fields;
    }

    static Map<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        Map<String, Object> entries = new LinkedHashMap<>();
        if (body.length == 0) {
            return entries;
        }
        In in = new In(body, "MapMessage");
        int count = in.header(MAGIC_MAP, 5);
        for (int i = 0; i < count; i++) {
            String name = in.string();
            if (name.isEmpty()) {
                throw in.malformed("empty entry name");
            }
            if (entries.containsKey(name)) {
                throw in.malformed("duplicate entry name '" + name + "'");
            }
            entries.put(name, in.value());
        }
        in.end();
        return entries;
    }

    /** A bounds-checked big-endian reader that reports malformed input as MessageFormatException. */
    private static final class In {
        private final byte[] buf;
        private final String what;
        private int pos;

        In(byte[] buf, String what) {
            this.buf = buf;
            this.what = what;
        }

        MessageFormatException malformed(String reason) {
            return new MessageFormatException("malformed " + what + " body at offset " + pos + ": " + reason);
        }

        private int take(int n) throws MessageFormatException {
            if (n < 0 || buf.length - pos < n) {
                throw malformed("needs " + n + " byte(s), " + (buf.length - pos) + " remain");
            }
            int at = pos;
            pos += n;
            return at;
        }

        int header(byte magic, int minItemSize) throws MessageFormatException {
            int at = take(3);
            if (buf[at] != MAGIC_0 || buf[at + 1] != magic) {
                pos = at;
                throw malformed("bad magic");
            }
            if (buf[at + 2] != VERSION) {
                pos = at + 2;
                throw malformed("unsupported version " + buf[at + 2]);
            }
            int count = int32();
            if (count < 0 || (long) count * minItemSize > buf.length - pos) {
                throw malformed("item count " + count + " does not fit in the remaining " + (buf.length - pos)
                        + " byte(s)");
            }
            return count;
        }

        int int8() throws MessageFormatException {
            return buf[take(1)];
        }

        int int16() throws MessageFormatException {
            int at = take(2);
            return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
        }

        int int32() throws MessageFormatException {
            int at = take(4);
            return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
                    | (buf[at + 3] & 0xFF);
        }

        long int64() throws MessageFormatException {
            return ((long) int32() << 32) | (int32() & 0xFFFF_FFFFL);
        }

        private int length() throws MessageFormatException {
            int n = int32();
            if (n < 0) {
                throw malformed("negative length " + n);
            }
            return n;
        }

        String string() throws MessageFormatException {
            int n = length();
            int at = take(n);
            try {
                return ModifiedUtf8.decode(buf, at, n);
            } catch (UTFDataFormatException e) {
                throw JmsErrors.format("malformed " + what + " body: bad string at offset " + at + ": "
                        + e.getMessage(), e);
            }
        }

        Object value() throws MessageFormatException {
            int tag = int8();
            switch (tag) {
                case NULL:
                    return null;
                case FALSE:
                    return Boolean.FALSE;
                case TRUE:
                    return Boolean.TRUE;
                case BYTE:
                    return (byte) int8();
                case SHORT:
                    return (short) int16();
                case CHAR:
                    return (char) int16();
                case INT:
                    return int32();
                case LONG:
                    return int64();
                case FLOAT:
                    return Float.intBitsToFloat(int32());
                case DOUBLE:
                    return Double.longBitsToDouble(int64());
                case STRING:
                    return string();
                case BYTES: {
                    int n = length();
                    int at = take(n);
                    return Arrays.copyOfRange(buf, at, at + n);
                }
                default:
                    pos--;
                    throw malformed("unknown value tag " + tag);
            }
        }

        void end() throws MessageFormatException {
            if (pos != buf.length) {
                throw malformed((buf.length - pos) + " trailing byte(s)");
            }
        }
    }
}
