package org.rocketjms.remoting.protocol;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * The binary form of a {@link RemotingCommand}. All integers are big-endian; strings are UTF-8.
 *
 * <pre>
 * frame  = int32 frameLength            bytes after this field: 4 + headerLength + bodyLength
 *          int32 headerLength
 *          header                       headerLength bytes
 *          body                         the rest of the frame (may be empty)
 * header = int32 code                   offset 0
 *          int32 version                offset 4
 *          int32 opaque                 offset 8
 *          int32 flags                  offset 12  (bit 0 response, bit 1 oneway)
 *          int32 remarkLength           offset 16  (-1 = null)
 *          remark bytes
 *          int32 extFieldCount          0 .. MAX_EXT_FIELDS
 *          extFieldCount times:
 *            int16 keyLength            1 .. MAX_EXT_KEY_LENGTH
 *            key bytes
 *            int32 valueLength          -1 = null
 *            value bytes
 * </pre>
 *
 * <p>Decoding checks every length against the bytes that remain, so it throws only
 * {@link RemotingCommandException} on bad input and never allocates more than the frame holds. The
 * header must be consumed exactly; trailing header bytes and duplicate keys are errors.
 */
public final class RemotingCommandCodec {

    /** Size of the frame length prefix. */
    public static final int FRAME_LENGTH_FIELD_LENGTH = 4;
    /** Size of the header length field that starts the frame content. */
    public static final int HEADER_LENGTH_FIELD_LENGTH = 4;

    /** Header offset of the code. */
    public static final int CODE_OFFSET = 0;
    /** Header offset of the version. */
    public static final int VERSION_OFFSET = 4;
    /** Header offset of the opaque. */
    public static final int OPAQUE_OFFSET = 8;
    /** Header offset of the flags. */
    public static final int FLAGS_OFFSET = 12;
    /** Header offset of the remark length. */
    public static final int REMARK_LENGTH_OFFSET = 16;
    /** Header offset of the remark bytes. */
    public static final int REMARK_OFFSET = 20;

    /** Size of the ext field count that follows the remark. */
    public static final int EXT_COUNT_LENGTH = 4;
    /** Size of a key length field. */
    public static final int EXT_KEY_LENGTH_LENGTH = 2;
    /** Size of a value length field. */
    public static final int EXT_VALUE_LENGTH_LENGTH = 4;
    /** Smallest possible encoded ext field: a one-byte key and an empty value. */
    public static final int MIN_EXT_FIELD_LENGTH = EXT_KEY_LENGTH_LENGTH + 1 + EXT_VALUE_LENGTH_LENGTH;

    /** Smallest possible header: fixed fields, null remark, no ext fields. */
    public static final int MIN_HEADER_LENGTH = REMARK_OFFSET + EXT_COUNT_LENGTH;

    /** Length value that encodes a null string. */
    public static final int NULL_LENGTH = -1;

    /** Most ext fields a header may carry. */
    public static final int MAX_EXT_FIELDS = 1024;
    /** Longest ext field key in UTF-8 bytes. */
    public static final int MAX_EXT_KEY_LENGTH = 1024;

    /** Default limit of the frame length field (16 MiB). */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private RemotingCommandCodec() {
    }

    /**
     * Returns an upper bound of the encoded frame size of {@code cmd}, length prefix included, for
     * sizing a buffer once. It is exact for ASCII strings.
     */
    public static int estimateFrameLength(RemotingCommand cmd) {
        long n = FRAME_LENGTH_FIELD_LENGTH + HEADER_LENGTH_FIELD_LENGTH + MIN_HEADER_LENGTH;
        if (cmd.getRemark() != null) {
            n += ByteBufUtil.utf8MaxBytes(cmd.getRemark());
        }
        Map<String, String> ext = cmd.getExtFields();
        if (ext != null) {
            for (Map.Entry<String, String> e : ext.entrySet()) {
                n += EXT_KEY_LENGTH_LENGTH + EXT_VALUE_LENGTH_LENGTH;
                n += e.getKey() == null ? 0 : ByteBufUtil.utf8MaxBytes(e.getKey());
                n += e.getValue() == null ? 0 : ByteBufUtil.utf8MaxBytes(e.getValue());
            }
        }
        if (cmd.getBody() != null) {
            n += cmd.getBody().length;
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }

    /** Encodes {@code cmd} as one frame with no size limit; see {@link #encode(RemotingCommand, ByteBuf, int)}. */
    public static void encode(RemotingCommand cmd, ByteBuf out) throws RemotingCommandException {
        encode(cmd, out, Integer.MAX_VALUE - FRAME_LENGTH_FIELD_LENGTH);
    }

    /**
     * Appends {@code cmd} as one complete frame (length prefix included) to {@code out}.
     *
     * @param maxFrameLength largest allowed value of the frame length field
     * @throws RemotingCommandException if the command breaks a protocol limit (too many ext fields, a
     *         null, empty or too long key, a frame above {@code maxFrameLength}); {@code out} is then
     *         left as it was
     */
    public static void encode(RemotingCommand cmd, ByteBuf out, int maxFrameLength) throws RemotingCommandException {
        byte[] body = cmd.getBody();
        int bodyLength = body == null ? 0 : body.length;
        if (bodyLength > maxFrameLength - HEADER_LENGTH_FIELD_LENGTH - MIN_HEADER_LENGTH) {
            throw new RemotingCommandException("body of " + bodyLength + " bytes does not fit in a frame of at most "
                    + maxFrameLength + " bytes");
        }
        Map<String, String> ext = cmd.getExtFields();
        int extCount = ext == null ? 0 : ext.size();
        if (extCount > MAX_EXT_FIELDS) {
            throw new RemotingCommandException(extCount + " ext fields exceed the limit of " + MAX_EXT_FIELDS);
        }
        int start = out.writerIndex();
        boolean done = false;
        try {
            out.writeInt(0); // frame length, patched below
            out.writeInt(0); // header length, patched below
            int headerStart = out.writerIndex();
            out.writeInt(cmd.getCode());
            out.writeInt(cmd.getVersion());
            out.writeInt(cmd.getOpaque());
            out.writeInt(cmd.getFlags());
            writeIntPrefixedString(out, cmd.getRemark());
            out.writeInt(extCount);
            if (ext != null) {
                for (Map.Entry<String, String> e : ext.entrySet()) {
                    writeKey(out, e.getKey());
                    writeIntPrefixedString(out, e.getValue());
                }
            }
            int headerLength = out.writerIndex() - headerStart;
            long frameLength = (long) HEADER_LENGTH_FIELD_LENGTH + headerLength + bodyLength;
            if (frameLength > maxFrameLength) {
                throw new RemotingCommandException("frame of " + frameLength + " bytes exceeds the limit of "
                        + maxFrameLength + " bytes");
            }
            if (body != null) {
                out.writeBytes(body);
            }
            out.setInt(start, (int) frameLength);
            out.setInt(start + FRAME_LENGTH_FIELD_LENGTH, headerLength);
            done = true;
        } finally {
            if (!done) {
                out.writerIndex(start);
            }
        }
    }

    private static void writeIntPrefixedString(ByteBuf out, String s) {
        if (s == null) {
            out.writeInt(NULL_LENGTH);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int written = out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.setInt(lengthIndex, written);
    }

    private static void writeKey(ByteBuf out, String key) throws RemotingCommandException {
        if (key == null || key.isEmpty()) {
            throw new RemotingCommandException("ext field keys must be non-empty");
        }
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int written = out.writeCharSequence(key, StandardCharsets.UTF_8);
        if (written > MAX_EXT_KEY_LENGTH) {
            throw new RemotingCommandException("ext field key of " + written + " bytes exceeds the limit of "
                    + MAX_EXT_KEY_LENGTH + " bytes");
        }
        out.setShort(lengthIndex, written);
    }

    /**
     * Decodes the content of one frame: everything after the frame length prefix, i.e. the header
     * length field, the header and the body. Reads all readable bytes of {@code frame}.
     *
     * @throws RemotingCommandException if any length is inconsistent with the bytes present
     */
    public static RemotingCommand decode(ByteBuf frame) throws RemotingCommandException {
        if (frame.readableBytes() < HEADER_LENGTH_FIELD_LENGTH) {
            throw new RemotingCommandException("frame of " + frame.readableBytes()
                    + " bytes is too short for the header length field");
        }
        int headerLength = frame.readInt();
        if (headerLength < MIN_HEADER_LENGTH) {
            throw new RemotingCommandException("header length " + headerLength + " is below the minimum of "
                    + MIN_HEADER_LENGTH);
        }
        if (headerLength > frame.readableBytes()) {
            throw new RemotingCommandException("header length " + headerLength + " exceeds the "
                    + frame.readableBytes() + " bytes left in the frame");
        }
        int headerEnd = frame.readerIndex() + headerLength;
        RemotingCommand cmd = new RemotingCommand();
        cmd.setCode(frame.readInt());
        cmd.setVersion(frame.readInt());
        cmd.setOpaque(frame.readInt());
        cmd.setFlags(frame.readInt());
        cmd.setRemark(readString(frame, headerEnd, frame.readInt(), "remark"));

        require(frame, headerEnd, EXT_COUNT_LENGTH, "ext field count");
        int extCount = frame.readInt();
        if (extCount < 0 || extCount > MAX_EXT_FIELDS) {
            throw new RemotingCommandException("ext field count " + extCount + " is outside 0.." + MAX_EXT_FIELDS);
        }
        if ((long) extCount * MIN_EXT_FIELD_LENGTH > headerEnd - frame.readerIndex()) {
            throw new RemotingCommandException(extCount + " ext fields cannot fit in the "
                    + (headerEnd - frame.readerIndex()) + " header bytes left");
        }
        if (extCount > 0) {
            Map<String, String> ext = new HashMap<>(extCount * 4 / 3 + 1);
            for (int i = 0; i < extCount; i++) {
                require(frame, headerEnd, EXT_KEY_LENGTH_LENGTH, "ext field key length");
                int keyLength = frame.readShort();
                if (keyLength < 1 || keyLength > MAX_EXT_KEY_LENGTH) {
                    throw new RemotingCommandException("ext field key length " + keyLength + " is outside 1.."
                            + MAX_EXT_KEY_LENGTH);
                }
                String key = readString(frame, headerEnd, keyLength, "ext field key");
                require(frame, headerEnd, EXT_VALUE_LENGTH_LENGTH, "ext field value length");
                String value = readString(frame, headerEnd, frame.readInt(), "ext field value");
                if (ext.containsKey(key)) {
                    throw new RemotingCommandException("duplicate ext field key '" + key + "'");
                }
                ext.put(key, value);
            }
            cmd.setExtFields(ext);
        }
        if (frame.readerIndex() != headerEnd) {
            throw new RemotingCommandException("header has " + (headerEnd - frame.readerIndex())
                    + " unexpected trailing bytes");
        }
        int bodyLength = frame.readableBytes();
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            cmd.setBody(body);
        }
        return cmd;
    }

    private static void require(ByteBuf frame, int headerEnd, int needed, String what)
            throws RemotingCommandException {
        if (headerEnd - frame.readerIndex() < needed) {
            throw new RemotingCommandException("header truncated: " + what + " needs " + needed + " bytes, "
                    + (headerEnd - frame.readerIndex()) + " left");
        }
    }

    private static String readString(ByteBuf frame, int headerEnd, int length, String what)
            throws RemotingCommandException {
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0) {
            throw new RemotingCommandException(what + " length " + length + " is negative");
        }
        int left = headerEnd - frame.readerIndex();
        if (length > left) {
            throw new RemotingCommandException(what + " length " + length + " exceeds the " + left
                    + " header bytes left");
        }
        String s = frame.toString(frame.readerIndex(), length, StandardCharsets.UTF_8);
        frame.skipBytes(length);
        return s;
    }
}
