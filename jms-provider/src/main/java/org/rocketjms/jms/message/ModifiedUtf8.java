package org.rocketjms.jms.message;

import java.io.UTFDataFormatException;

/**
 * The modified UTF-8 of {@link java.io.DataOutput#writeUTF}: every {@code char} (unpaired surrogates included) as
 * one to three bytes, U+0000 as two bytes (a raw zero byte is accepted when decoding, as DataInput does). Lossless for any Java string, unlike standard UTF-8. Lengths are handled
 * by callers, so strings longer than 65535 encoded bytes are possible where the caller uses a wider length field.
 */
final class ModifiedUtf8 {
    private ModifiedUtf8() {
    }

    /** Number of bytes {@link #encode} writes for the string. */
    static int encodedLength(String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                n += 1;
            } else if (c <= 0x07FF) {
                n += 2;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes the string at {@code off}; the array must have room for {@link #encodedLength} bytes. Returns the end. */
    static int encode(String s, byte[] dst, int off) {
        int p = off;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                dst[p++] = (byte) c;
            } else if (c <= 0x07FF) {
                dst[p++] = (byte) (0xC0 | (c >> 6));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    /**
     * Decodes {@code len} bytes starting at {@code off}.
     *
     * @throws UTFDataFormatException when the bytes are not valid modified UTF-8
     */
    static String decode(byte[] src, int off, int len) throws UTFDataFormatException {
        char[] out = new char[len];
        int n = 0;
        int p = off;
        int end = off + len;
        while (p < end) {
            int b = src[p] & 0xFF;
            if (b < 0x80) {
                out[n++] = (char) b;
                p++;
            } else if ((b & 0xE0) == 0xC0) {
                if (p + 2 > end) {
                    throw new UTFDataFormatException("truncated two-byte sequence at offset " + (p - off));
                }
                int b2 = src[p + 1] & 0xFF;
                if ((b2 & 0xC0) != 0x80) {
                    throw new UTFDataFormatException("bad continuation byte at offset " + (p + 1 - off));
                }
                out[n++] = (char) (((b & 0x1F) << 6) | (b2 & 0x3F));
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                if (p + 3 > end) {
                    throw new UTFDataFormatException("truncated three-byte sequence at offset " + (p - off));
                }
                int b2 = src[p + 1] & 0xFF;
                int b3 = src[p + 2] & 0xFF;
                if ((b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80) {
                    throw new UTFDataFormatException("bad continuation byte near offset " + (p + 1 - off));
                }
                out[n++] = (char) (((b & 0x0F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F));
                p += 3;
            } else {
                throw new UTFDataFormatException("invalid lead byte 0x" + Integer.toHexString(b)
                        + " at offset " + (p - off));
            }
        }
        return new String(out, 0, n);
    }
}
