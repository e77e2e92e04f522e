package org.rocketjms.jms.client;

import java.util.List;

/**
 * The outcome of one pull from one queue.
 *
 * @param status          what happened
 * @param nextBeginOffset where the next pull should start
 * @param minOffset       the queue's minimum offset
 * @param maxOffset       the queue's maximum offset (next to be written)
 * @param messages        the messages found (empty unless FOUND)
 */
public record PullResult(PullStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                         List<ReceivedMessage> messages) {
}
