package org.rocketjms.jms.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which queue of a topic the producers sharing this object write to: the queue the first of them picked (round robin,
 * starting at a different queue for each affinity so that many of them spread over a topic's queues), until a failure
 * makes one of them move on, and then all of them. A JMS session gives its producers one affinity: Jakarta Messaging
 * requires the messages a session sends to a destination to be received in the order they were sent, which only holds
 * while they are in one queue.
 */
public final class QueueAffinity {
    private static final AtomicInteger START_INDEX = new AtomicInteger();

    final Map<String, MessageQueue> sticky = new ConcurrentHashMap<>();
    final AtomicInteger roundRobin = new AtomicInteger(START_INDEX.getAndIncrement());
    /**
     * Pipelined sends of these producers not answered yet: while any is, a synchronous send takes the same
     * connection as they did (the broker keeps one connection's sends in order), not a caller-thread connection
     * that could overtake them.
     */
    final AtomicInteger pipelinedInFlight = new AtomicInteger();
    /** Created by the first pipelined send (the producers of one affinity share one client). */
    private volatile SendCoalescer coalescer;

    SendCoalescer coalescer(ClientInstance instance) {
        SendCoalescer c = coalescer;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (coalescer == null) {
                coalescer = new SendCoalescer(instance.sender(), instance.config().isCoalescePipelinedSends());
            }
            return coalescer;
        }
    }

    /** Writes the pipelined sends waiting to be coalesced, if any (before a send that must not overtake them). */
    void flushCoalesced() {
        SendCoalescer c = coalescer;
        if (c != null) {
            c.flush();
        }
    }
}
