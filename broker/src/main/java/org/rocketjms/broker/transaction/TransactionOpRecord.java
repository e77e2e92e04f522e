package org.rocketjms.broker.transaction;

import java.util.ArrayList;
import java.util.List;

/**
 * A record of the transaction op log ({@link TransactionalMessageService#OP_TOPIC}), stored as JSON. COMMIT and
 * ROLLBACK decide a transaction and list its half messages (half-topic queue offsets) and the session's acks;
 * PUBLISHED is appended in the same store batch as the published messages; DONE follows once the acks are durable.
 * PREPARE (XA branches only) makes a branch's halves and acks durable without deciding it; a later COMMIT or ROLLBACK
 * of the same id decides it.
 */
public final class TransactionOpRecord {
    /** Decision: publish the halves and apply the acks. */
    public static final String COMMIT = "COMMIT";
    /** Decision: discard the halves and release the acks. */
    public static final String ROLLBACK = "ROLLBACK";
    /** XA: the branch is prepared (halves and acks listed); it stays undecided until COMMIT or ROLLBACK. */
    public static final String PREPARE = "PREPARE";
    /** The committed halves were published (same batch as the messages). */
    public static final String PUBLISHED = "PUBLISHED";
    /** The commit is complete (acks durable). */
    public static final String DONE = "DONE";

    /** One of the constants above. */
    public String type;
    /** Transaction id. */
    public String transactionId;
    /** Half-topic queue offsets of the transaction's messages. */
    public List<Long> halves = new ArrayList<>();
    /** Acks of the session (COMMIT/ROLLBACK/PREPARE only). */
    public List<Ack> acks = new ArrayList<>();

    /** Receipts of one group and topic. */
    public static final class Ack {
        /** Consumer group. */
        public String group;
        /** Topic as in the ack request. */
        public String topic;
        /** Receipt handles. */
        public List<String> handles = new ArrayList<>();
    }

    /** For Jackson. */
    public TransactionOpRecord() {
    }

    /** A record of {@code type} for {@code transactionId}. */
    public TransactionOpRecord(String type, String transactionId) {
        this.type = type;
        this.transactionId = transactionId;
    }
}
