package org.rocketjms.store;

/**
 * Tells retention how much of the commit log is no longer needed by anybody, so that it never deletes a message a
 * consumer still has to receive. The store knows nothing about consumers; the broker implements this interface
 * (from its subscriptions, acknowledgements, timer, transactions and its own logs) and installs it with
 * {@link MessageStore#setRetentionGuard(RetentionGuard)}.
 *
 * <p>Retention (by age at {@code deleteWhen} and early above {@code diskMaxUsedSpaceRatio}) deletes a commit-log file
 * only if every byte of it lies below {@link Hold#safeOffset()}; it stops at the first file that reaches past it.
 * Consume queues and the index follow the commit log, so they are trimmed consistently.
 */
@FunctionalInterface
public interface RetentionGuard {
    /**
     * Computes, now, the commit-log offset below which no record is needed any more. Called by the store's retention
     * thread only when a deletion is due, so it may take a few milliseconds.
     *
     * @return the hold; {@link Hold#unknown(String)} (a negative offset) makes retention delete nothing this time
     */
    Hold safeDeleteOffset();

    /**
     * How far the commit log may be deleted, and who stops it there.
     *
     * @param safeOffset every record a consumer may still need lies at or above this commit-log offset; negative =
     *                   not known (delete nothing)
     * @param heldBy     what holds the lowest needed record (for the log; e.g. a subscription and queue), or null
     */
    record Hold(long safeOffset, String heldBy) {
        /** Nothing is needed below {@code offset} (typically the dispatched end of the log). */
        public static Hold upTo(long offset, String heldBy) {
            return new Hold(offset, heldBy);
        }

        /** The guard cannot tell yet (e.g. the broker is still starting): delete nothing. */
        public static Hold unknown(String why) {
            return new Hold(-1, why);
        }

        /** Whether the offset is known. */
        public boolean known() {
            return safeOffset >= 0;
        }
    }
}
