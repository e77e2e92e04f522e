package org.rocketjms.jms.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.jms.JMSException;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.client.TransactionCore;
import org.rocketjms.remoting.protocol.broker.XaBranchId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link XAResource} of one XA session ({@code XASession.getXAResource()}, {@code XAJMSContext.getXAResource()}).
 *
 * <p>Association (per XA: one branch at a time): {@link #start} with TMNOFLAGS begins a branch, TMJOIN joins one
 * begun elsewhere (another session of the same cluster), TMRESUME resumes one this resource suspended; while
 * associated, the session's sends are half messages of the branch and the messages it consumes belong to it.
 * {@link #end} with TMSUCCESS, TMFAIL (branch becomes rollback-only) or TMSUSPEND hands the association's consumed
 * messages to the brokers, which ack them when the branch commits. Starting while associated, ending a branch this
 * resource is not associated with, resuming one it did not suspend, or preparing/committing a branch it is still
 * associated with is XAER_PROTO. {@link #rollback} of a branch still associated here ends it (TMFAIL) first.
 * A branch started from inside a {@code MessageListener} of the session (a resource adapter's {@code beforeDelivery})
 * takes the message being delivered into the branch.
 *
 * <p>Completion ({@link #prepare}, {@link #commit}, {@link #rollback}, {@link #forget}, {@link #recover}) may be called
 * on any resource of the same cluster ({@link #isSameRM}), e.g. by a recovering transaction manager: the state lives
 * on the brokers. Thread-safe (a transaction manager may call it from another thread than the session's).
 */
public final class JmsXAResource implements XAResource {
    static final Logger LOG = LoggerFactory.getLogger(JmsXAResource.class);

    private final XaTransport transport;
    private Branch current;
    private final Set<XaBranchId> suspended = new HashSet<>();
    /** Branches whose session closed while associated: a later end() is accepted. */
    private final Set<XaBranchId> endedByClose = new HashSet<>();
    private int timeoutSeconds;
    private volatile java.util.function.Consumer<Branch> startListener = b -> { };
    private boolean scanOpen;

    /** The work of the session in the branch it is associated with. */
    final class Branch implements SessionTransaction {
        final XaBranchId xid;
        private final List<ReceivedMessage> consumed = new ArrayList<>();
        /** Sends of this association the broker has not answered yet (awaited when it ends). */
        private final List<CompletableFuture<?>> sends = new ArrayList<>();

        Branch(XaBranchId xid) {
            this.xid = xid;
        }

        /**
         * Pipelined like a local transaction's sends (one round trip per send made a branch that sends N messages pay
         * N forces); {@link JmsXAResource#end} waits for them, and one the broker refused fails the branch.
         */
        @Override
        public void send(ProducerCore producer, OutgoingMessage message) throws JMSException {
            CompletableFuture<?> f = transport.send(xid, producer, message);
            synchronized (this) {
                sends.add(f);
            }
        }

        @Override
        public void sendAndWait(ProducerCore producer, OutgoingMessage message) throws JMSException {
            Throwable failure = await(List.of(transport.send(xid, producer, message)), xid);
            if (failure != null) {
                throw JmsExceptions.link(new JMSException("sending to " + message.getTopic() + " in XA branch " + xid
                        + " failed: " + failure.getMessage()), failure);
            }
        }

        /** Waits for every send of the association; null when all were stored, else the first failure. */
        Throwable awaitSends() {
            List<CompletableFuture<?>> pending;
            synchronized (this) {
                pending = new ArrayList<>(sends);
                sends.clear();
            }
            return await(pending, xid);
        }

        @Override
        public synchronized void delivered(ReceivedMessage message) {
            consumed.add(message);
        }

        synchronized List<ReceivedMessage> takeConsumed() {
            List<ReceivedMessage> out = new ArrayList<>(consumed);
            consumed.clear();
            return out;
        }

        @Override
        public void commit() throws JMSException {
            throw new jakarta.jms.TransactionInProgressException("an XA branch is committed by its transaction manager");
        }

        @Override
        public void rollback(List<ReceivedMessage> alsoRelease) throws JMSException {
            throw new jakarta.jms.TransactionInProgressException("an XA branch is rolled back by its transaction"
                    + " manager");
        }
    }

    JmsXAResource(XaTransport transport) {
        this.transport = transport;
    }

    /** How long {@link #end} waits for a branch's sends at most (each also has the client's send timeout). */
    private static final long SEND_AWAIT_MILLIS = 60_000;

    /** Waits for the sends of {@code branch}; null when all were stored, else the first failure (others suppressed). */
    static Throwable await(List<CompletableFuture<?>> futures, XaBranchId branch) {
        Throwable first = null;
        for (CompletableFuture<?> f : futures) {
            Throwable failure = TransactionCore.awaitHalf(f, SEND_AWAIT_MILLIS, branch.encode());
            if (failure == null) {
                continue;
            }
            if (first == null) {
                first = failure;
            } else {
                first.addSuppressed(failure);
            }
        }
        return first;
    }

    /** An XAException with {@code errorCode} and a message saying what was wrong. */
    static XAException xa(int errorCode, String message, Throwable cause) {
        XAException e = new XAException(message + " [" + codeName(errorCode) + "]");
        e.errorCode = errorCode;
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** The XA name of an error code. */
    static String codeName(int code) {
        return switch (code) {
            case XAException.XAER_NOTA -> "XAER_NOTA";
            case XAException.XAER_PROTO -> "XAER_PROTO";
            case XAException.XAER_DUPID -> "XAER_DUPID";
            case XAException.XAER_INVAL -> "XAER_INVAL";
            case XAException.XAER_RMERR -> "XAER_RMERR";
            case XAException.XAER_RMFAIL -> "XAER_RMFAIL";
            case XAException.XAER_OUTSIDE -> "XAER_OUTSIDE";
            case XAException.XAER_ASYNC -> "XAER_ASYNC";
            case XAException.XA_RBROLLBACK -> "XA_RBROLLBACK";
            case XAException.XA_RBTIMEOUT -> "XA_RBTIMEOUT";
            case XAException.XA_RBCOMMFAIL -> "XA_RBCOMMFAIL";
            case XAException.XA_RBOTHER -> "XA_RBOTHER";
            default -> "XA error " + code;
        };
    }

    /** The branch id of {@code xid}; XAER_INVAL when it is null or malformed. */
    static XaBranchId branchOf(Xid xid) throws XAException {
        if (xid == null) {
            throw xa(XAException.XAER_INVAL, "the Xid is null", null);
        }
        String problem = XaBranchId.check(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
        if (problem != null) {
            throw xa(XAException.XAER_INVAL, problem, null);
        }
        return new XaBranchId(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    /** The branch the session works in now, or null. */
    synchronized Branch current() {
        return current;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        XaBranchId b = branchOf(xid);
        if (flags != TMNOFLAGS && flags != TMJOIN && flags != TMRESUME) {
            throw xa(XAException.XAER_INVAL, "start flags must be TMNOFLAGS, TMJOIN or TMRESUME, not " + flags, null);
        }
        synchronized (this) {
            if (current != null) {
                throw xa(XAException.XAER_PROTO, "cannot start " + b + ": this resource is still associated with "
                        + current.xid + " (end it first)", null);
            }
            if (flags == TMRESUME && !suspended.contains(b)) {
                throw xa(XAException.XAER_PROTO, "cannot resume " + b + ": this resource did not suspend it", null);
            }
            if (flags != TMRESUME && suspended.contains(b)) {
                throw xa(XAException.XAER_PROTO, "cannot start " + b + ": this resource suspended it; use TMRESUME",
                        null);
            }
            transport.start(b, flags, timeoutSeconds);
            suspended.remove(b);
            endedByClose.remove(b);
            current = new Branch(b);
            startListener.accept(current);
        }
    }

    /** Told each branch association as it starts (the session adopts a message whose listener is running). */
    void setStartListener(java.util.function.Consumer<Branch> listener) {
        this.startListener = listener;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        XaBranchId b = branchOf(xid);
        if (flags != TMSUCCESS && flags != TMFAIL && flags != TMSUSPEND) {
            throw xa(XAException.XAER_INVAL, "end flags must be TMSUCCESS, TMFAIL or TMSUSPEND, not " + flags, null);
        }
        synchronized (this) {
            if (current != null && current.xid.equals(b)) {
                Branch ending = current;
                current = null;
                Throwable sendFailure = ending.awaitSends(); // the brokers must hold every half before the branch ends
                if (sendFailure != null) {
                    // the branch can only roll back now: the brokers mark it rollback-only (TMFAIL)
                    transport.end(b, TMFAIL, ending.takeConsumed());
                    throw xa(XAException.XA_RBROLLBACK, "XA branch " + b + " is rolled back: a message sent in it was"
                            + " not stored: " + sendFailure.getMessage(), sendFailure);
                }
                if (flags == TMSUSPEND) {
                    suspended.add(b);
                }
                try {
                    transport.end(b, flags, ending.takeConsumed());
                } catch (XAException e) {
                    suspended.remove(b);
                    throw e;
                }
                return;
            }
            if (flags != TMSUSPEND && (suspended.remove(b) || endedByClose.remove(b))) {
                transport.end(b, flags, List.of());
                return;
            }
            throw xa(XAException.XAER_PROTO, "cannot end " + b + ": this resource is not associated with it"
                    + (current != null ? " (it is associated with " + current.xid + ")" : ""), null);
        }
    }

    private synchronized void checkNotAssociated(XaBranchId b, String op) throws XAException {
        if (current != null && current.xid.equals(b)) {
            throw xa(XAException.XAER_PROTO, "cannot " + op + " " + b + ": it is still associated with this resource"
                    + " (end it first)", null);
        }
        if (suspended.contains(b)) {
            throw xa(XAException.XAER_PROTO, "cannot " + op + " " + b + ": it is suspended on this resource (end it"
                    + " with TMSUCCESS or TMFAIL first)", null);
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        XaBranchId b = branchOf(xid);
        checkNotAssociated(b, "prepare");
        return transport.prepare(b);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        XaBranchId b = branchOf(xid);
        checkNotAssociated(b, "commit");
        transport.commit(b, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        XaBranchId b = branchOf(xid);
        synchronized (this) {
            boolean associated = (current != null && current.xid.equals(b)) || suspended.contains(b);
            if (associated) {
                try {
                    end(xid, TMFAIL);
                } catch (XAException e) {
                    LOG.debug("ending {} before its rollback failed: {}", b, e.getMessage());
                }
            }
        }
        transport.rollback(b);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        transport.forget(branchOf(xid));
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        if ((flag & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw xa(XAException.XAER_INVAL, "recover flags must be TMSTARTRSCAN, TMENDRSCAN, both, or TMNOFLAGS, not "
                    + flag, null);
        }
        boolean startScan = (flag & TMSTARTRSCAN) != 0;
        boolean endScan = (flag & TMENDRSCAN) != 0;
        synchronized (this) {
            if (!startScan && !scanOpen && !endScan) {
                throw xa(XAException.XAER_PROTO, "no recovery scan is open; call recover(TMSTARTRSCAN) first", null);
            }
            Xid[] out;
            if (startScan) {
                List<XaBranchId> prepared = transport.recover();
                out = new Xid[prepared.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = new RecoveredXid(prepared.get(i));
                }
            } else {
                out = new Xid[0]; // everything was returned when the scan started
            }
            scanOpen = !endScan;
            return out;
        }
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        return other instanceof JmsXAResource o && transport.resourceManagerId().equals(o.transport.resourceManagerId());
    }

    @Override
    public synchronized int getTransactionTimeout() {
        return timeoutSeconds;
    }

    /**
     * Sets the timeout of branches this resource starts from now on: a branch not prepared within it is rolled back
     * by the broker (later calls get XA_RBTIMEOUT). 0 restores the default (no timeout; a branch is rolled back only
     * when its client is gone for the broker's {@code transactionTimeoutMillis}).
     */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw xa(XAException.XAER_INVAL, "the transaction timeout must not be negative: " + seconds, null);
        }
        synchronized (this) {
            timeoutSeconds = seconds;
        }
        return true;
    }

    /**
     * The session closes: the messages it consumed in the current branch stay with the branch (handed to the brokers
     * as if ended with TMSUCCESS); the transaction manager still ends and completes the branch.
     */
    synchronized void sessionClosing() {
        if (current == null) {
            return;
        }
        Branch b = current;
        current = null;
        endedByClose.add(b.xid);
        Throwable sendFailure = b.awaitSends();
        try {
            if (sendFailure != null) {
                LOG.warn("a message the closing session sent in XA branch {} was not stored ({}); the branch is marked"
                        + " rollback-only", b.xid, sendFailure.getMessage());
            }
            transport.end(b.xid, sendFailure == null ? TMSUCCESS : TMFAIL, b.takeConsumed());
        } catch (XAException e) {
            LOG.warn("handing the work of a closing session to XA branch {} failed: {}", b.xid, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "JmsXAResource[" + transport.resourceManagerId() + ']';
    }
}
