package org.rocketjms.jms.client;

import java.util.List;

/**
 * The outcome of a successful send: the broker stored the message (durably, if the message asked to wait).
 *
 * @param msgIds          the message ids (one per message; a batch has several)
 * @param queue           the queue it went to
 * @param queueOffset     its logical offset in that queue (first message of a batch)
 * @param commitLogOffset its commit-log offset (first message of a batch)
 */
public record SendResult(List<String> msgIds, MessageQueue queue, long queueOffset, long commitLogOffset) {

    /** The id of the (first) message. */
    public String msgId() {
        return msgIds.isEmpty() ? null : msgIds.get(0);
    }
}
