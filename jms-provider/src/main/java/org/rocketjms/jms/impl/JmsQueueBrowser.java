package org.rocketjms.jms.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.MessageQueue;
import org.rocketjms.jms.client.PullConsumerCore;
import org.rocketjms.jms.client.PullResult;
import org.rocketjms.jms.client.PullStatus;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.message.RocketMessage;

/**
 * Browses a queue without consuming: each enumeration reads the queue's stored messages by offset (a
 * {@link PullConsumerCore} of a private group, nothing acknowledged), queue by queue in offset order, filtered by
 * the selector on the broker, skipping expired messages. The broker keeps priority 5-9 messages in the topic's high
 * band ({@code %HI%<topic>}, same queue ids); the enumeration lists the whole high band first, then the normal band,
 * which is also the order consumers get them in. Messages whose delivery delay has not passed are not listed. Messages consumed out of order may
 * still be listed: browsing starts at the queue group's lowest unacknowledged offset, so a message acknowledged
 * while an earlier one is still unacknowledged shows up until the earlier one is acknowledged too.
 */
public final class JmsQueueBrowser implements QueueBrowser {
    private static final int BATCH = 32;
    /** Prefix of a topic's high-priority band (priority 5-9), stored by the broker with the same queue ids. */
    static final String HIGH_BAND_PREFIX = "%HI%";

    private final JmsSession session;
    private final Queue queue;
    private final String topic;
    private final String selector;
    private final PullConsumerCore core;
    private volatile boolean closed;

    JmsQueueBrowser(JmsSession session, Queue queue, String topic, String selector) {
        this.session = session;
        this.queue = queue;
        this.topic = topic;
        this.selector = selector;
        this.core = session.connection().client().createPullConsumer("%BR%" + DestinationNames.newTemporaryName());
    }

    private void ensureOpen() throws IllegalStateException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("queue browser");
        }
    }

    @Override
    public Queue getQueue() throws JMSException {
        ensureOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        ensureOpen();
        return selector;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        ensureOpen();
        // this session's acknowledgements go out asynchronously: confirm them first, so that a message the session
        // consumed before browsing does not show up (the scan starts at the queue's acknowledged offset)
        session.awaitAcks();
        List<MessageQueue> queues;
        try {
            if (session.connection().client().topicRoute(topic) == null) {
                return Collections.emptyEnumeration();
            }
            List<MessageQueue> low = core.queues(topic);
            queues = new ArrayList<>(low.size() * 2);
            for (MessageQueue mq : low) {
                queues.add(new MessageQueue(mq.brokerName(), HIGH_BAND_PREFIX + topic, mq.queueId()));
            }
            queues.addAll(low);
        } catch (ClientException e) {
            if (e.getCode() == ClientException.NO_ROUTE) {
                return Collections.emptyEnumeration();
            }
            throw JmsExceptions.of("browsing " + queue, e);
        }
        return new Browse(queues);
    }

    /** Lazily pulls one queue after the other. */
    private final class Browse implements Enumeration<Message> {
        private final List<MessageQueue> queues;
        private final List<Message> ready = new ArrayList<>();
        private int queueIndex = -1;
        private long offset;
        private long end;

        Browse(List<MessageQueue> queues) {
            this.queues = queues;
        }

        @Override
        public boolean hasMoreElements() {
            try {
                fill();
            } catch (JMSException e) {
                throw new IllegalArgumentException("browsing " + queue + " failed: " + e.getMessage(), e);
            }
            return !ready.isEmpty();
        }

        @Override
        public Message nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException("no more messages on " + queue);
            }
            return ready.remove(0);
        }

        private void fill() throws JMSException {
            while (ready.isEmpty() && !closed) {
                if (queueIndex < 0 || offset >= end) {
                    if (++queueIndex >= queues.size()) {
                        return;
                    }
                    MessageQueue mq = queues.get(queueIndex);
                    try {
                        long min = core.minOffset(mq);
                        long consumed = session.connection().admin().queryOffset(DestinationNames.queueGroup(topic),
                                mq.topic(), mq.queueId());
                        offset = Math.max(min, consumed);
                        end = core.maxOffset(mq);
                    } catch (ClientException e) {
                        throw JmsExceptions.of("browsing " + queue, e);
                    }
                    continue;
                }
                PullResult r;
                try {
                    r = core.pull(queues.get(queueIndex), offset, BATCH, 0, selector,
                            selector == null ? "TAG" : "SQL92");
                } catch (ClientException e) {
                    throw JmsExceptions.of("browsing " + queue, e);
                }
                if (r.nextBeginOffset() <= offset) {
                    offset = end;
                    continue;
                }
                offset = r.nextBeginOffset();
                if (r.status() != PullStatus.FOUND) {
                    continue;
                }
                long now = System.currentTimeMillis();
                for (ReceivedMessage m : r.messages()) {
                    if (m.getQueueOffset() >= end) {
                        continue;
                    }
                    RocketMessage msg = session.connection().codec().decode(m.getBody(), m.getProperties(), 1);
                    if (msg.getJMSExpiration() != 0 && msg.getJMSExpiration() <= now) {
                        continue;
                    }
                    ready.add(msg);
                }
            }
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        core.close();
        session.removed(this);
    }
}
