package org.rocketjms.store;

import org.rocketjms.store.commitlog.RecordCodec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Messages read from one consume queue. Each buffer is a heap copy of one whole commit-log record (safe to
 * keep after retention deletes the file). {@code nextBeginOffset} is where the next read should start.
 */
public record GetMessageResult(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                               List<ByteBuffer> records, int totalBytes) {

    public GetMessageResult {
        records = records == null ? Collections.emptyList() : Collections.unmodifiableList(records);
    }

    public static GetMessageResult of(GetMessageStatus status, long next, long min, long max) {
        return new GetMessageResult(status, next, min, max, List.of(), 0);
    }

    public int messageCount() {
        return records.size();
    }

    /** Decodes every record (bodies included). */
    public List<StoredMessage> decode() {
        List<StoredMessage> out = new ArrayList<>(records.size());
        for (ByteBuffer b : records) {
            out.add(RecordCodec.decode(b, 0, true));
        }
        return out;
    }
}
