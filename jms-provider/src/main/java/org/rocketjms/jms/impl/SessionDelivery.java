package org.rocketjms.jms.impl;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the MessageListeners of one session: the session's single delivery thread of the JMS threading model,
 * borrowed from the client's shared worker pool only while there is something to deliver.
 *
 * <p>A consumer's {@link org.rocketjms.jms.client.PopConsumerCore} calls {@link #schedule()} when messages arrive
 * (and on start); at most one delivery task of the session is queued or running at a time. The task takes one
 * message from each listener consumer in turn (round robin) and hands it to {@link JmsSession#dispatch}, which runs
 * the listener under the session's delivery lock, until no consumer has a deliverable message; then it ends and the
 * thread goes back to the pool. A listener consumer therefore owns no thread, and an idle session holds none.
 */
final class SessionDelivery implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDelivery.class);

    private final JmsSession session;
    private final Executor executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean again;

    SessionDelivery(JmsSession session, Executor executor) {
        this.session = session;
        this.executor = executor;
    }

    /** Messages may be deliverable: makes sure a delivery task runs (now or after the current one). */
    void schedule() {
        again = true;
        if (session.isClosed() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            LOG.debug("no listener delivery: the client threads are shut down", e);
        }
    }

    @Override
    public void run() {
        try {
            while (again && !session.isClosed()) {
                again = false;
                boolean delivered = true;
                while (delivered && !session.isClosed()) {
                    delivered = false;
                    for (JmsMessageConsumer c : session.consumerList()) {
                        if (c.listener() != null && !c.isClosed() && deliverOne(c)) {
                            delivered = true;
                        }
                    }
                }
            }
        } finally {
            scheduled.set(false);
        }
        if (again && !session.isClosed()) {
            schedule();
        }
    }

    private boolean deliverOne(JmsMessageConsumer c) {
        ReceivedMessage m;
        try {
            m = c.core().pollForListener();
        } catch (ClientException e) {
            if (c.stopListening()) {
                LOG.error("consumer on {} stopped delivering to its listener: {}", c.destination(), e.getMessage());
            }
            return false;
        }
        if (m == null) {
            return false;
        }
        try {
            session.dispatch(c, m);
        } finally {
            c.core().listenerDone();
        }
        return true;
    }
}
