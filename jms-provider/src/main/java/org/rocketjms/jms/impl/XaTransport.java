package org.rocketjms.jms.impl;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.transaction.xa.XAException;

import jakarta.jms.JMSException;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.remoting.protocol.broker.XaBranchId;

/**
 * What {@link JmsXAResource} needs from the brokers: the XA calls of one resource manager (a RocketJMS cluster), each
 * failing with an {@link XAException} whose error code and message say what was wrong. {@link BrokerXaTransport} is
 * the real one; tests of the client state machine use a fake.
 */
interface XaTransport {
    /** Begins, joins or resumes work on the branch at the brokers. */
    void start(XaBranchId xid, int flags, int timeoutSeconds) throws XAException;

    /** Ends an association; {@code consumed} are the messages received in it (acked when the branch commits). */
    void end(XaBranchId xid, int flags, List<ReceivedMessage> consumed) throws XAException;

    /** Prepares: XA_OK or XA_RDONLY. */
    int prepare(XaBranchId xid) throws XAException;

    /** Commits (two-phase or one-phase). */
    void commit(XaBranchId xid, boolean onePhase) throws XAException;

    /** Rolls back. */
    void rollback(XaBranchId xid) throws XAException;

    /** Forgets a heuristically completed branch. */
    void forget(XaBranchId xid) throws XAException;

    /** The prepared branches. */
    List<XaBranchId> recover() throws XAException;

    /**
     * Sends a message of the branch (invisible until it commits) without waiting for the broker: the future completes
     * once the broker stored it, or fails. Throws when the send failed before anything was in flight.
     */
    CompletableFuture<?> send(XaBranchId xid, ProducerCore via, OutgoingMessage m) throws JMSException;

    /** Identifies the resource manager: equal for two transports that reach the same cluster. */
    String resourceManagerId();
}
