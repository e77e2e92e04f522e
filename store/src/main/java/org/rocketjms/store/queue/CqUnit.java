package org.rocketjms.store.queue;

/**
 * One consume-queue entry as a reader sees it: where the message at {@code queueOffset} of a queue lies in the
 * commit log, how long its record is and the hash code of its tag.
 *
 * <p>A <em>filler</em> entry ({@link #isFiller()}) points at no message: the queue writes fillers only to
 * bridge a gap in logical offsets. Readers skip fillers but still advance past them.
 *
 * @param queueOffset logical offset of the entry in its queue (0-based message index)
 * @param phyOffset   commit-log physical offset of the record, or {@link ConsumeQueue#FILLER_PHY_OFFSET}
 * @param size        size of the commit-log record in bytes, or {@link ConsumeQueue#FILLER_SIZE}
 * @param tagsCode    hash code of the message's tag (0 when it has none)
 */
public record CqUnit(long queueOffset, long phyOffset, int size, long tagsCode) {

    /** True for an entry that only bridges a gap of logical offsets and points at no message. */
    public boolean isFiller() {
        return ConsumeQueue.isFillerEntry(phyOffset, size);
    }
}
