package org.rocketjms.store.util;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit tag hash kept in every consume-queue entry: FNV-1a 64 over the tag's UTF-8 bytes. The filter
 * module computes the same function, so the broker can reject by hash before reading the commit log. An
 * absent tag hashes to 0.
 */
public final class TagHash {
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TagHash() {
    }

    public static long of(String tag) {
        if (tag == null || tag.isEmpty()) {
            return 0L;
        }
        long h = FNV_OFFSET_BASIS;
        for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }
}
