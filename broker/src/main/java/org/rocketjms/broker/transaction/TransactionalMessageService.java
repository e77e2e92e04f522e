package org.rocketjms.broker.transaction;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.transaction.xa.XAResource;

import org.rocketjms.broker.JsonSupport;
import org.rocketjms.broker.client.ConsumerManager;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.remoting.protocol.broker.XaBranchId;
import org.rocketjms.store.GetMessageResult;
import org.rocketjms.store.GetMessageStatus;
import org.rocketjms.store.MessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.commitlog.MessageFlags;
import org.rocketjms.store.commitlog.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local JMS transactions as half messages.
 *
 * <p>A send with the prepared flag and a transaction id is stored in {@link #HALF_TOPIC} (real topic and queue kept
 * in properties), invisible to consumers. {@link #end} first appends ONE durable decision record (COMMIT or
 * ROLLBACK, listing the half offsets and the session's acks) to {@link #OP_TOPIC}; a commit then publishes the
 * messages (delivery delay and priority applied) in one store batch that ends with a PUBLISHED record, applies the
 * acks and appends DONE; the client is answered after all of it is durable.
 *
 * <p>Crash guarantees: a transaction without a decision record is open; {@link #recover()} rebuilds the open ones
 * from the half topic and the op log and finishes every COMMIT without DONE (publishing only if its PUBLISHED record
 * is missing, re-applying acks, which is idempotent), so a committed transaction is never partly visible and a
 * rolled-back or undecided one never visible. Open transactions whose client is gone (its connection closed and no
 * live connection of the same client id) for {@code transactionTimeoutMillis} are rolled back by {@link #check()};
 * after a restart the timeout starts again and a client may still commit with the same id.
 *
 * <p>XA branches are transactions of the same kind whose id is an {@link XaBranchId} text: their half messages are
 * stored the same way, their acks arrive with XA_END and are kept with the branch, and the {@code xa*} methods add the
 * XA states. {@link #xaPrepare} appends one durable PREPARE record (halves and acks) and holds the acked messages
 * invisible ({@link AckStateManager#hold}); a prepared branch is never rolled back by {@link #check()}, is rebuilt by
 * {@link #recover()} (acks held again) and ends with the ordinary COMMIT/ROLLBACK records. An un-prepared branch is
 * rolled back when its XA timeout passes or, without one, when its client is gone for {@code transactionTimeoutMillis};
 * one that was not prepared when the broker stopped is rolled back by {@link #recover()} (its acks were only in
 * memory, so it could no longer commit atomically); later calls for it get XA_ROLLED_BACK.
 */
public final class TransactionalMessageService {
    /** System topic of half messages (one queue). */
    public static final String HALF_TOPIC = "RJMS_SYS_TRANS_HALF";
    /** System topic of decision and completion records (one queue). */
    public static final String OP_TOPIC = "RJMS_SYS_TRANS_OP";
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalMessageService.class);
    private static final int MAX_REMEMBERED_ROLLBACKS = 10_000;

    /** Outcome of {@link #end}. */
    public enum Outcome {
        /** Durable and applied. */
        OK,
        /** The check service already rolled the transaction back. */
        NOT_FOUND,
        /** Storing failed; the transaction is still open. */
        STORE_FAILED,
        /** Test hook: stopped after the decision record. */
        STOPPED
    }

    /**
     * Result of {@link #end}.
     *
     * @param outcome   what happened
     * @param detail    a reason for failures, or the count of stale acks
     * @param published a commit's destinations (as producers name them) and how many messages it published to each;
     *                  empty otherwise
     */
    public record EndResult(Outcome outcome, String detail, Map<String, Integer> published) {
        EndResult(Outcome outcome, String detail) {
            this(outcome, detail, Map.of());
        }
    }

    /**
     * Result of an XA call.
     *
     * @param code      {@link ResponseCode#SUCCESS} or a {@link BrokerResponseCode} (XA_* codes, SERVICE_NOT_AVAILABLE)
     * @param remark    what was wrong, or null
     * @param published a commit's destinations and messages published to each (see {@link EndResult}); else empty
     */
    public record XaOutcome(int code, String remark, Map<String, Integer> published) {
        static final XaOutcome OK = new XaOutcome(ResponseCode.SUCCESS, null);

        /** An outcome that published nothing. */
        public XaOutcome(int code, String remark) {
            this(code, remark, Map.of());
        }
    }

    private static final class Tx {
        final String id;
        final boolean xa;
        volatile String clientId;
        volatile RemotingChannel channel;
        final List<Long> halves = new ArrayList<>();
        volatile long lastAlive = System.currentTimeMillis();
        /** XA: prepared (durable PREPARE record written). */
        volatile boolean prepared;
        /** XA: XA_END with TMFAIL, or sends arrived for a branch the broker did not know. */
        boolean rollbackOnly;
        /** XA: when the branch's own timeout rolls it back (0 = none). */
        long deadline;
        /** XA: acks shipped by XA_END. */
        final List<TransactionOpRecord.Ack> acks = new ArrayList<>();

        Tx(String id) {
            this.id = id;
            this.xa = XaBranchId.isXa(id);
        }

        boolean isEmpty() {
            return halves.isEmpty() && acks.stream().allMatch(a -> a.handles.isEmpty());
        }
    }

    private final MessageStore store;
    private final AckStateManager ackState;
    private final ConsumerManager consumers;
    private final long timeoutMillis;
    private volatile InetSocketAddress storeHost;
    private final ConcurrentHashMap<String, Tx> open = new ConcurrentHashMap<>();
    /** Transactions the broker rolled back on its own, with the response code a later call gets. */
    private final Map<String, Integer> rolledBackByCheck = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
            return size() > MAX_REMEMBERED_ROLLBACKS;
        }
    };
    private volatile boolean stopAfterDecisionForTest;
    /** Transaction id to its lowest half offset while its decision is being stored and applied. */
    private final ConcurrentHashMap<String, Long> completing = new ConcurrentHashMap<>();

    /**
     * @param store         the message store
     * @param ackState      where committed acks are applied
     * @param consumers     tells whether a client id still has a live connection
     * @param timeoutMillis how long an orphaned transaction stays open
     */
    public TransactionalMessageService(MessageStore store, AckStateManager ackState, ConsumerManager consumers,
                                       long timeoutMillis) {
        this.store = store;
        this.ackState = ackState;
        this.consumers = consumers;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sets this broker's address for records it writes. */
    public void setStoreHost(InetSocketAddress storeHost) {
        this.storeHost = storeHost;
    }

    /** Test hook: {@link #end} stops after the durable decision record (simulating a crash). */
    public void setStopAfterDecisionForTest(boolean stop) {
        this.stopAfterDecisionForTest = stop;
    }

    /** Whether the message carries the prepared transaction type. */
    public static boolean isPrepared(int flags) {
        return MessageFlags.transactionType(flags) == MessageFlags.TRANSACTION_PREPARED_TYPE;
    }

    /**
     * Rewrites a message bound for its real topic/queue into a half message of {@code transactionId}.
     *
     * @return the same message
     */
    public static StoreMessage toHalf(StoreMessage m, String transactionId, String clientId) {
        m.putProperty(DeliveryRouter.REAL_TOPIC, m.getTopic());
        m.putProperty(DeliveryRouter.REAL_QUEUE_ID, Integer.toString(m.getQueueId()));
        m.putProperty(EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID, transactionId);
        if (clientId != null) {
            m.putProperty(EndTransactionRequestHeader.PROPERTY_CLIENT_ID, clientId);
        }
        m.setTopic(HALF_TOPIC).setQueueId(0).setFlags(m.getFlags() & ~MessageFlags.TRANSACTION_MASK);
        return m;
    }

    /** Registers {@code count} half messages stored from half-queue offset {@code firstOffset} on. */
    public void halvesStored(String transactionId, String clientId, RemotingChannel channel, long firstOffset,
                             int count) {
        Tx tx = open.computeIfAbsent(transactionId, id -> {
            Tx t = new Tx(id);
            if (t.xa) {
                // the branch was rolled back (or never started) while this send was being stored
                t.rollbackOnly = true;
                LOG.warn("half messages arrived for XA branch {} that the broker does not know; it is rollback-only", id);
            }
            return t;
        });
        synchronized (tx) {
            for (int i = 0; i < count; i++) {
                tx.halves.add(firstOffset + i);
            }
            if (clientId != null) {
                tx.clientId = clientId;
            }
            tx.channel = channel;
            tx.lastAlive = System.currentTimeMillis();
        }
    }

    /**
     * Why a half message of {@code transactionId} must be refused before it is stored, or null: an XA branch must be
     * known (XA_START) and not prepared.
     */
    public String refuseHalf(String transactionId) {
        if (!XaBranchId.isXa(transactionId)) {
            return null;
        }
        Tx tx = open.get(transactionId);
        if (tx == null) {
            return "XA branch " + transactionId + " is unknown to the broker (not started, or already rolled back)";
        }
        if (tx.prepared) {
            return "XA branch " + transactionId + " is prepared; it takes no more sends";
        }
        return null;
    }

    /**
     * The lowest half-topic offset still needed: halves of open transactions and of commits being completed (a
     * commit whose publication failed stays here until the next start completes it); -1 if none. Decision records
     * always follow their halves in the log, so keeping the halves keeps them too.
     */
    public long lowestNeededHalfOffset() {
        long min = Long.MAX_VALUE;
        for (Tx tx : open.values()) {
            synchronized (tx) {
                for (long h : tx.halves) {
                    min = Math.min(min, h);
                }
            }
        }
        for (long h : completing.values()) {
            min = Math.min(min, h);
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    /** Number of open transactions. */
    public int openCount() {
        return open.size();
    }

    /**
     * Commits or rolls back a transaction; blocks until everything is durable (run on a processor thread).
     *
     * @param acks on commit acked, on rollback made visible again
     */
    public EndResult end(String transactionId, boolean commit, List<TransactionOpRecord.Ack> acks) {
        holdWhileCompleting(transactionId, open.get(transactionId));
        try {
            EndResult r = endHeld(transactionId, commit, acks);
            if (r.outcome() == Outcome.OK || r.outcome() == Outcome.NOT_FOUND) {
                completing.remove(transactionId);
            }
            return r;
        } catch (RuntimeException e) {
            completing.remove(transactionId);
            throw e;
        }
    }

    /** Keeps the halves of a transaction from retention while it leaves {@link #open} to be completed. */
    private void holdWhileCompleting(String transactionId, Tx tx) {
        if (tx == null) {
            return;
        }
        synchronized (tx) {
            if (!tx.halves.isEmpty()) {
                completing.put(transactionId, java.util.Collections.min(tx.halves));
            }
        }
    }

    private EndResult endHeld(String transactionId, boolean commit, List<TransactionOpRecord.Ack> acks) {
        Tx tx = open.remove(transactionId);
        if (tx == null) {
            synchronized (rolledBackByCheck) {
                if (commit && rolledBackByCheck.containsKey(transactionId)) {
                    return new EndResult(Outcome.NOT_FOUND, "transaction " + transactionId + " was rolled back because"
                            + " its client was gone longer than " + timeoutMillis + " ms");
                }
            }
        }
        TransactionOpRecord rec = new TransactionOpRecord(commit ? TransactionOpRecord.COMMIT
                : TransactionOpRecord.ROLLBACK, transactionId);
        if (tx != null) {
            synchronized (tx) {
                rec.halves.addAll(tx.halves);
            }
        }
        rec.acks.addAll(acks);
        String failure = await(appendOp(rec));
        if (failure != null) {
            if (tx != null) {
                open.putIfAbsent(transactionId, tx);
            }
            completing.remove(transactionId);
            return new EndResult(Outcome.STORE_FAILED, "the transaction outcome could not be stored: " + failure);
        }
        if (stopAfterDecisionForTest) {
            LOG.warn("test hook: stopping transaction {} after its decision record", transactionId);
            return new EndResult(Outcome.STOPPED, "stopped after the decision record (test hook)");
        }
        if (!commit) {
            release(acks);
            return new EndResult(Outcome.OK, null);
        }
        return complete(rec, false);
    }

    /** Publishes (unless already published), applies acks, writes DONE. */
    private EndResult complete(TransactionOpRecord rec, boolean published) {
        Map<String, Integer> destinations = Map.of();
        if (!published && !rec.halves.isEmpty()) {
            List<StoreMessage> batch = new ArrayList<>(rec.halves.size() + 1);
            destinations = new LinkedHashMap<>();
            long now = System.currentTimeMillis();
            for (long offset : rec.halves) {
                StoredMessage half = readHalf(offset);
                if (half == null) {
                    LOG.error("half message {} of committed transaction {} is missing (retention?); skipping it",
                            offset, rec.transactionId);
                    continue;
                }
                StoreMessage real = toReal(half);
                destinations.merge(real.getTopic(), 1, Integer::sum);
                batch.add(DeliveryRouter.route(real, now));
            }
            batch.add(opMessage(new TransactionOpRecord(TransactionOpRecord.PUBLISHED, rec.transactionId)));
            String failure = await(store.putMessages(batch));
            if (failure != null) {
                return new EndResult(Outcome.STORE_FAILED, "publishing the committed messages failed: " + failure
                        + "; the broker completes the commit at its next start");
            }
        }
        int stale = 0;
        List<CompletableFuture<PutMessageResult>> ackFutures = new ArrayList<>();
        for (TransactionOpRecord.Ack a : rec.acks) {
            for (Map.Entry<String, List<ReceiptHandle>> byTopic : splitByTopic(a).entrySet()) {
                AckStateManager.HandleResult r = ackState.ack(a.group, byTopic.getKey(), byTopic.getValue());
                stale += r.invalid().size();
                ackFutures.add(r.durable());
            }
        }
        for (CompletableFuture<PutMessageResult> f : ackFutures) {
            String failure = await(f);
            if (failure != null) {
                return new EndResult(Outcome.STORE_FAILED, "applying the transaction's acks failed: " + failure
                        + "; the broker completes the commit at its next start");
            }
        }
        String failure = await(appendOp(new TransactionOpRecord(TransactionOpRecord.DONE, rec.transactionId)));
        if (failure != null) {
            LOG.warn("completion record of transaction {} not stored ({}); it is completed again at restart",
                    rec.transactionId, failure);
        }
        if (stale > 0) {
            LOG.info("transaction {} committed; {} of its acks were stale", rec.transactionId, stale);
        }
        return new EndResult(Outcome.OK, stale > 0 ? Integer.toString(stale) : null, destinations);
    }

    /** Receipts of one ack entry grouped by the topic their handles name (a topic and its high band). */
    private static Map<String, List<ReceiptHandle>> splitByTopic(TransactionOpRecord.Ack a) {
        Map<String, List<ReceiptHandle>> out = new HashMap<>();
        for (String h : a.handles) {
            try {
                ReceiptHandle r = ReceiptHandle.parse(h);
                if (DeliveryRouter.baseTopic(r.topic()).equals(a.topic)) {
                    out.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r);
                } else {
                    LOG.warn("ignoring receipt {} that does not belong to topic {}", h, a.topic);
                }
            } catch (RemotingCommandException e) {
                LOG.warn("ignoring malformed receipt {} in a transaction", h, e);
            }
        }
        return out;
    }

    private void release(List<TransactionOpRecord.Ack> acks) {
        for (TransactionOpRecord.Ack a : acks) {
            for (Map.Entry<String, List<ReceiptHandle>> byTopic : splitByTopic(a).entrySet()) {
                ackState.changeInvisibleTime(a.group, byTopic.getKey(), byTopic.getValue(), 0);
            }
        }
    }

    private StoreMessage toReal(StoredMessage half) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        String topic = props.remove(DeliveryRouter.REAL_TOPIC);
        int queueId = (int) DeliveryRouter.typedLong(props.remove(DeliveryRouter.REAL_QUEUE_ID), 0);
        props.remove(EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID);
        props.remove(EndTransactionRequestHeader.PROPERTY_CLIENT_ID);
        StoreMessage m = new StoreMessage(topic, queueId, half.body());
        m.setProperties(props).setFlags(half.flags() & ~MessageFlags.TRANSACTION_MASK)
                .setBornTimestamp(half.bornTimestamp()).setBornHost(half.bornHost()).setStoreHost(storeHost)
                .setWaitStoreMsgOK(true);
        return m;
    }

    private StoredMessage readHalf(long offset) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            GetMessageResult r = store.getMessage(HALF_TOPIC, 0, offset, 1, null);
            if (r.status() == GetMessageStatus.FOUND && !r.records().isEmpty()) {
                StoredMessage m = RecordCodec.decode(r.records().get(0), 0, true);
                return m.queueOffset() == offset ? m : null;
            }
            boolean notYet = r.status() == GetMessageStatus.OFFSET_OVERFLOW_ONE
                    || r.status() == GetMessageStatus.OFFSET_OVERFLOW_BADLY
                    || r.status() == GetMessageStatus.NO_MESSAGE_IN_QUEUE
                    || r.status() == GetMessageStatus.NO_MATCHED_LOGIC_QUEUE;
            if (!notYet || System.currentTimeMillis() > deadline) {
                return null;
            }
            try {
                Thread.sleep(1); // the dispatcher has not indexed the half message yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private StoreMessage opMessage(TransactionOpRecord rec) {
        StoreMessage m = new StoreMessage(OP_TOPIC, 0, JsonSupport.write(rec, false).getBytes(StandardCharsets.UTF_8));
        m.setStoreHost(storeHost).setBornHost(storeHost).setWaitStoreMsgOK(true);
        return m;
    }

    private CompletableFuture<PutMessageResult> appendOp(TransactionOpRecord rec) {
        return store.putMessage(opMessage(rec));
    }

    /** Null when the put completed durably, else why not. */
    private static String await(CompletableFuture<PutMessageResult> f) {
        try {
            PutMessageResult r = f.get(30, TimeUnit.SECONDS);
            return r == null || r.isOk() ? null : r.status() + (r.remark() != null ? ": " + r.remark() : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            return e.toString();
        }
    }

    /**
     * Rolls back open transactions whose client has been gone for the timeout. A client counts as present while
     * the connection that sent its halves is open or a connection of the same client id is registered and open.
     */
    public void check() {
        long now = System.currentTimeMillis();
        for (Tx tx : open.values()) {
            if (tx.xa) {
                checkXa(tx, now);
                continue;
            }
            if (present(tx)) {
                tx.lastAlive = now;
                continue;
            }
            if (now - tx.lastAlive < timeoutMillis) {
                continue;
            }
            if (!open.remove(tx.id, tx)) {
                continue;
            }
            synchronized (rolledBackByCheck) {
                rolledBackByCheck.put(tx.id, BrokerResponseCode.TRANSACTION_NOT_FOUND);
            }
            TransactionOpRecord rec = new TransactionOpRecord(TransactionOpRecord.ROLLBACK, tx.id);
            synchronized (tx) {
                rec.halves.addAll(tx.halves);
            }
            String failure = await(appendOp(rec));
            if (failure != null) {
                LOG.warn("rolling back orphaned transaction {} failed ({}); retrying later", tx.id, failure);
                open.putIfAbsent(tx.id, tx);
            } else {
                LOG.info("rolled back transaction {} of client {}: its client was gone for {} ms ({} messages)",
                        tx.id, tx.clientId, timeoutMillis, rec.halves.size());
            }
        }
    }

    // ------------------------------------------------------------------ XA branches

    private XaOutcome rolledBackOrUnknown(String id, String what) {
        Integer code;
        synchronized (rolledBackByCheck) {
            code = rolledBackByCheck.get(id);
        }
        if (code != null && code != BrokerResponseCode.TRANSACTION_NOT_FOUND) {
            return new XaOutcome(code, "XA branch " + id + " was rolled back by the broker"
                    + (code == BrokerResponseCode.XA_TIMED_OUT ? " because its timeout passed or its client was gone"
                    : " because it was not prepared when the broker restarted"));
        }
        return new XaOutcome(BrokerResponseCode.XA_NOT_FOUND, what + ": the broker does not know XA branch " + id);
    }

    /**
     * XA_START: TMNOFLAGS begins a branch (XA_DUPLICATE_ID if it exists), TMJOIN/TMRESUME continue one that is not
     * prepared.
     *
     * @param timeoutSeconds the branch's timeout (0 = none: rolled back only when its client is gone)
     */
    public XaOutcome xaStart(XaBranchId xid, int flags, int timeoutSeconds, String clientId, RemotingChannel channel) {
        String id = xid.encode();
        if (flags == XAResource.TMNOFLAGS) {
            Tx tx = new Tx(id);
            tx.clientId = clientId;
            tx.channel = channel;
            tx.deadline = timeoutSeconds > 0 ? System.currentTimeMillis() + timeoutSeconds * 1000L : 0;
            if (open.putIfAbsent(id, tx) != null) {
                return new XaOutcome(BrokerResponseCode.XA_DUPLICATE_ID, "XA branch " + id + " already exists"
                        + " (use TMJOIN or TMRESUME to continue it)");
            }
            synchronized (rolledBackByCheck) {
                rolledBackByCheck.remove(id);
            }
            return XaOutcome.OK;
        }
        if (flags != XAResource.TMJOIN && flags != XAResource.TMRESUME) {
            return new XaOutcome(BrokerResponseCode.XA_INVALID, "XA_START flags must be TMNOFLAGS, TMJOIN or TMRESUME,"
                    + " not " + flags);
        }
        Tx tx = open.get(id);
        if (tx == null || !tx.xa) {
            return rolledBackOrUnknown(id, "cannot join or resume");
        }
        synchronized (tx) {
            if (tx.prepared) {
                return new XaOutcome(BrokerResponseCode.XA_PROTOCOL_ERROR, "XA branch " + id + " is prepared; it"
                        + " cannot be joined or resumed");
            }
            tx.channel = channel;
            if (clientId != null) {
                tx.clientId = clientId;
            }
            tx.lastAlive = System.currentTimeMillis();
        }
        return XaOutcome.OK;
    }

    /** XA_END: adds the association's acks to the branch; TMFAIL makes it rollback-only. */
    public XaOutcome xaEnd(XaBranchId xid, int flags, List<TransactionOpRecord.Ack> acks) {
        String id = xid.encode();
        if (flags != XAResource.TMSUCCESS && flags != XAResource.TMFAIL && flags != XAResource.TMSUSPEND) {
            return new XaOutcome(BrokerResponseCode.XA_INVALID, "XA_END flags must be TMSUCCESS, TMFAIL or TMSUSPEND,"
                    + " not " + flags);
        }
        Tx tx = open.get(id);
        if (tx == null || !tx.xa) {
            if (!acks.isEmpty()) {
                release(acks);
            }
            return rolledBackOrUnknown(id, "cannot end");
        }
        synchronized (tx) {
            if (tx.prepared) {
                return new XaOutcome(BrokerResponseCode.XA_PROTOCOL_ERROR, "XA branch " + id + " is already prepared");
            }
            tx.acks.addAll(acks);
            if (flags == XAResource.TMFAIL) {
                tx.rollbackOnly = true;
            }
            tx.lastAlive = System.currentTimeMillis();
        }
        return XaOutcome.OK;
    }

    /**
     * XA_PREPARE: writes one durable PREPARE record with the branch's halves and acks and holds the acked messages;
     * XA_READ_ONLY (branch forgotten) when it did nothing; XA_ROLLED_BACK (and rolled back) when it is rollback-only
     * or one of its acked messages was redelivered meanwhile.
     */
    public XaOutcome xaPrepare(XaBranchId xid) {
        String id = xid.encode();
        Tx tx = open.get(id);
        if (tx == null || !tx.xa) {
            return rolledBackOrUnknown(id, "cannot prepare");
        }
        synchronized (tx) {
            if (tx.prepared) {
                return new XaOutcome(BrokerResponseCode.XA_PROTOCOL_ERROR, "XA branch " + id + " is already prepared");
            }
            if (tx.rollbackOnly) {
                rollbackXa(tx);
                return new XaOutcome(BrokerResponseCode.XA_ROLLED_BACK, "XA branch " + id + " was marked rollback-only"
                        + " (TMFAIL) and has been rolled back");
            }
            if (tx.isEmpty()) {
                open.remove(id, tx);
                return new XaOutcome(BrokerResponseCode.XA_READ_ONLY, null);
            }
            List<String> lost = hold(tx);
            if (!lost.isEmpty()) {
                rollbackXa(tx);
                return new XaOutcome(BrokerResponseCode.XA_ROLLED_BACK, "XA branch " + id + " was rolled back: "
                        + lost.size() + " message(s) it consumed were redelivered or acknowledged elsewhere before"
                        + " prepare (their invisible time passed or their consumer's connection was lost)");
            }
            TransactionOpRecord rec = new TransactionOpRecord(TransactionOpRecord.PREPARE, id);
            rec.halves.addAll(tx.halves);
            rec.acks.addAll(tx.acks);
            // forced under ASYNC_FLUSH too: the transaction manager may commit the other branches on the strength of it
            String failure = await(store.putMessage(opMessage(rec).setForcedUnderAnyFlushType(true)));
            if (failure != null) {
                return new XaOutcome(BrokerResponseCode.SERVICE_NOT_AVAILABLE, "the prepare record of XA branch " + id
                        + " could not be stored: " + failure);
            }
            tx.prepared = true;
            return XaOutcome.OK;
        }
    }

    /** Holds the branch's acked messages; returns the receipts that could not be held. */
    private List<String> hold(Tx tx) {
        List<String> lost = new ArrayList<>();
        for (TransactionOpRecord.Ack a : tx.acks) {
            for (Map.Entry<String, List<ReceiptHandle>> byTopic : splitByTopic(a).entrySet()) {
                lost.addAll(ackState.hold(a.group, byTopic.getKey(), byTopic.getValue()));
            }
        }
        return lost;
    }

    private XaOutcome rollbackXa(Tx tx) {
        List<TransactionOpRecord.Ack> acks = new ArrayList<>(tx.acks);
        EndResult r = end(tx.id, false, acks);
        return r.outcome() == Outcome.OK ? XaOutcome.OK : new XaOutcome(BrokerResponseCode.SERVICE_NOT_AVAILABLE,
                r.detail());
    }

    /** XA_COMMIT: two-phase (branch must be prepared) or one-phase (branch must not be prepared). */
    public XaOutcome xaCommit(XaBranchId xid, boolean onePhase) {
        String id = xid.encode();
        Tx tx = open.get(id);
        if (tx == null || !tx.xa) {
            return onePhase ? rolledBackOrUnknown(id, "cannot commit")
                    : new XaOutcome(BrokerResponseCode.XA_NOT_FOUND, "cannot commit: the broker knows no prepared XA"
                    + " branch " + id);
        }
        synchronized (tx) {
            if (open.get(id) != tx) {
                return new XaOutcome(BrokerResponseCode.XA_NOT_FOUND, "XA branch " + id + " was completed meanwhile");
            }
            if (onePhase == tx.prepared) {
                return new XaOutcome(BrokerResponseCode.XA_PROTOCOL_ERROR, onePhase
                        ? "XA branch " + id + " is prepared; commit it with onePhase=false"
                        : "XA branch " + id + " is not prepared; prepare it first or commit with onePhase=true");
            }
            if (onePhase) {
                if (tx.rollbackOnly) {
                    rollbackXa(tx);
                    return new XaOutcome(BrokerResponseCode.XA_ROLLED_BACK, "XA branch " + id + " was marked"
                            + " rollback-only (TMFAIL) and has been rolled back");
                }
                List<String> lost = hold(tx);
                if (!lost.isEmpty()) {
                    rollbackXa(tx);
                    return new XaOutcome(BrokerResponseCode.XA_ROLLED_BACK, "XA branch " + id + " was rolled back: "
                            + lost.size() + " message(s) it consumed were redelivered or acknowledged elsewhere");
                }
            }
            EndResult r = end(id, true, new ArrayList<>(tx.acks));
            return switch (r.outcome()) {
                case OK -> new XaOutcome(ResponseCode.SUCCESS, null, r.published());
                case NOT_FOUND -> new XaOutcome(BrokerResponseCode.XA_NOT_FOUND, r.detail());
                case STORE_FAILED, STOPPED -> new XaOutcome(BrokerResponseCode.SERVICE_NOT_AVAILABLE, r.detail());
            };
        }
    }

    /** XA_ROLLBACK: discards the branch's sends and makes its consumed messages visible again. */
    public XaOutcome xaRollback(XaBranchId xid) {
        String id = xid.encode();
        Tx tx = open.get(id);
        if (tx == null || !tx.xa) {
            return rolledBackOrUnknown(id, "cannot roll back");
        }
        synchronized (tx) {
            if (open.get(id) != tx) {
                return new XaOutcome(BrokerResponseCode.XA_NOT_FOUND, "XA branch " + id + " was completed meanwhile");
            }
            return rollbackXa(tx);
        }
    }

    /** XA_FORGET: the broker never completes a branch heuristically, so there is never anything to forget. */
    public XaOutcome xaForget(XaBranchId xid) {
        String id = xid.encode();
        Tx tx = open.get(id);
        if (tx != null && tx.xa) {
            return new XaOutcome(BrokerResponseCode.XA_PROTOCOL_ERROR, "XA branch " + id + " was not heuristically"
                    + " completed (it is still " + (tx.prepared ? "prepared" : "active") + "); commit or roll it back");
        }
        return new XaOutcome(BrokerResponseCode.XA_NOT_FOUND, "the broker knows no heuristically completed XA branch "
                + id);
    }

    /** XA_RECOVER: the prepared branches. */
    public List<XaBranchId> xaRecover() {
        List<XaBranchId> out = new ArrayList<>();
        for (Tx tx : open.values()) {
            if (tx.xa && tx.prepared) {
                try {
                    out.add(XaBranchId.parse(tx.id));
                } catch (RemotingCommandException e) {
                    LOG.error("prepared branch with a malformed id {}", tx.id, e);
                }
            }
        }
        return out;
    }

    /** Rolls back an un-prepared XA branch whose timeout passed or whose client is gone too long. */
    private void checkXa(Tx tx, long now) {
        synchronized (tx) {
            if (tx.prepared || open.get(tx.id) != tx) {
                return;
            }
            String why;
            if (tx.deadline > 0) {
                if (now < tx.deadline) {
                    return;
                }
                why = "its XA transaction timeout passed";
            } else {
                if (present(tx)) {
                    tx.lastAlive = now;
                    return;
                }
                if (now - tx.lastAlive < timeoutMillis) {
                    return;
                }
                why = "its client was gone for " + timeoutMillis + " ms";
            }
            XaOutcome r = rollbackXa(tx);
            if (r.code() == ResponseCode.SUCCESS) {
                synchronized (rolledBackByCheck) {
                    rolledBackByCheck.put(tx.id, BrokerResponseCode.XA_TIMED_OUT);
                }
                LOG.info("rolled back XA branch {} of client {}: {} ({} messages)", tx.id, tx.clientId, why,
                        tx.halves.size());
            } else {
                LOG.warn("rolling back XA branch {} ({}) failed: {}; retrying later", tx.id, why, r.remark());
            }
        }
    }

    private boolean present(Tx tx) {
        RemotingChannel ch = tx.channel;
        if (ch != null && ch.isActive()) {
            return true;
        }
        if (tx.clientId != null && consumers != null) {
            ConsumerManager.ClientInfo c = consumers.clients().get(tx.clientId);
            if (c != null && c.channel() != null && c.channel().isActive()) {
                tx.channel = c.channel();
                return true;
            }
        }
        return false;
    }

    /**
     * Rebuilds open transactions and completes interrupted commits; call at start after the ack state is replayed
     * and before serving clients.
     */
    public void recover() {
        Map<String, TransactionOpRecord> decisions = new LinkedHashMap<>();
        Set<String> published = new HashSet<>();
        Set<String> done = new HashSet<>();
        Set<Long> resolved = new HashSet<>();
        Map<String, TransactionOpRecord> prepares = new LinkedHashMap<>();
        scan(OP_TOPIC, m -> {
            TransactionOpRecord r;
            try {
                r = JsonSupport.read(new String(m.body(), StandardCharsets.UTF_8), TransactionOpRecord.class);
            } catch (RuntimeException e) {
                LOG.error("skipping damaged transaction op record at offset {}", m.queueOffset(), e);
                return;
            }
            switch (r.type) {
                case TransactionOpRecord.COMMIT, TransactionOpRecord.ROLLBACK -> {
                    decisions.putIfAbsent(r.transactionId, r);
                    resolved.addAll(r.halves);
                    prepares.remove(r.transactionId);
                }
                case TransactionOpRecord.PREPARE -> prepares.put(r.transactionId, r);
                case TransactionOpRecord.PUBLISHED -> published.add(r.transactionId);
                case TransactionOpRecord.DONE -> done.add(r.transactionId);
                default -> LOG.warn("unknown transaction op record type {}", r.type);
            }
        });
        for (TransactionOpRecord p : prepares.values()) {
            Tx tx = new Tx(p.transactionId);
            tx.halves.addAll(p.halves);
            tx.acks.addAll(p.acks);
            tx.prepared = true;
            resolved.addAll(p.halves);
            open.put(tx.id, tx);
            int lost = hold(tx).size();
            if (lost > 0) {
                LOG.error("prepared XA branch {}: {} of its acked messages are no longer pending; committing it cannot"
                        + " ack them", tx.id, lost);
            }
        }
        scan(HALF_TOPIC, m -> {
            if (resolved.contains(m.queueOffset())) {
                return;
            }
            String id = m.property(EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID);
            if (id == null) {
                return;
            }
            Tx tx = open.computeIfAbsent(id, Tx::new);
            tx.halves.add(m.queueOffset());
            tx.clientId = m.property(EndTransactionRequestHeader.PROPERTY_CLIENT_ID);
        });
        int unprepared = 0;
        for (Tx tx : new ArrayList<>(open.values())) {
            if (tx.xa && !tx.prepared) {
                // its acks were only in memory: it can no longer commit atomically, so roll it back now
                if (rollbackXa(tx).code() == ResponseCode.SUCCESS) {
                    unprepared++;
                    synchronized (rolledBackByCheck) {
                        rolledBackByCheck.put(tx.id, BrokerResponseCode.XA_ROLLED_BACK);
                    }
                }
            }
        }
        if (unprepared > 0) {
            LOG.info("rolled back {} XA branches that were not prepared when the broker stopped", unprepared);
        }
        int completed = 0;
        for (TransactionOpRecord r : decisions.values()) {
            if (TransactionOpRecord.COMMIT.equals(r.type) && !done.contains(r.transactionId)) {
                if (!r.halves.isEmpty()) {
                    completing.put(r.transactionId, java.util.Collections.min(r.halves));
                }
                EndResult res = complete(r, published.contains(r.transactionId));
                if (res.outcome() != Outcome.OK) {
                    LOG.error("completing committed transaction {} at start failed: {}", r.transactionId, res.detail());
                } else {
                    completing.remove(r.transactionId);
                    completed++;
                }
            }
        }
        LOG.info("transactions: {} open (rolled back after {} ms unless their client returns), {} prepared XA"
                + " branches, {} interrupted commits completed", open.size() - prepares.size(), timeoutMillis,
                prepares.size(), completed);
    }

    private void scan(String topic, java.util.function.Consumer<StoredMessage> visitor) {
        long offset = store.getMinOffsetInQueue(topic, 0);
        while (true) {
            GetMessageResult r = store.getMessage(topic, 0, offset, 32, null);
            if (r.status() == GetMessageStatus.OFFSET_TOO_SMALL) {
                offset = r.nextBeginOffset();
                continue;
            }
            if (r.status() != GetMessageStatus.FOUND) {
                return;
            }
            for (ByteBuffer rec : r.records()) {
                visitor.accept(RecordCodec.decode(rec, 0, true));
            }
            if (r.nextBeginOffset() <= offset) {
                return;
            }
            offset = r.nextBeginOffset();
        }
    }
}
