package org.rocketjms.store;

/**
 * Result of an append: the status, a human-readable remark for failures, and where the record(s) went.
 *
 * @param wroteOffset      commit-log offset of the first record (-1 on failure)
 * @param wroteBytes       bytes appended
 * @param queueOffset      consume-queue offset assigned to the first record (-1 on failure)
 * @param messageCount     records appended (batch size)
 * @param storeTimestamp   store timestamp assigned
 */
public record PutMessageResult(PutMessageStatus status, String remark, long wroteOffset, int wroteBytes,
                               long queueOffset, int messageCount, long storeTimestamp) {

    public static PutMessageResult failure(PutMessageStatus status, String remark) {
        return new PutMessageResult(status, remark, -1, 0, -1, 0, 0);
    }

    public boolean isOk() {
        return status == PutMessageStatus.PUT_OK;
    }

    public PutMessageResult withStatus(PutMessageStatus s, String r) {
        return new PutMessageResult(s, r, wroteOffset, wroteBytes, queueOffset, messageCount, storeTimestamp);
    }
}
