package org.rocketjms.store.commitlog;

/**
 * Bits of a record's FLAGS field. The transaction type (two bits) tells the dispatcher whether a record
 * belongs in its consume queue: prepared (half) and rollback records never do.
 */
public final class MessageFlags {
    public static final int TRANSACTION_MASK = 0x3 << 2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x1 << 2;
    public static final int TRANSACTION_COMMIT_TYPE = 0x2 << 2;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0x3 << 2;

    private MessageFlags() {
    }

    public static int transactionType(int flags) {
        return flags & TRANSACTION_MASK;
    }

    /** True if the dispatcher puts a record with these flags into its consume queue. */
    public static boolean isConsumable(int flags) {
        int t = transactionType(flags);
        return t == TRANSACTION_NOT_TYPE || t == TRANSACTION_COMMIT_TYPE;
    }
}
