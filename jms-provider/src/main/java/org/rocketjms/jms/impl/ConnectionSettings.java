package org.rocketjms.jms.impl;

/**
 * What a connection factory hands to a new connection: where the name servers are, credentials, the
 * administratively configured client ID (or null) and client tuning.
 *
 * @param url             connection URL {@code rocketjms://host:port[;...]}
 * @param user            user name or null
 * @param password        password or null
 * @param clientId        administratively configured JMS client ID, or null
 * @param prefetch        prefetch messages per consumer (0 = client default)
 * @param sendTimeout     send timeout in ms (0 = client default)
 * @param retries         send retries (-1 = client default)
 * @param trustedPackages comma-separated packages trusted for ObjectMessage, or null for the default
 * @param dupsOkBatchSize   DUPS_OK_ACKNOWLEDGE: consumed messages acknowledged in one request (0 = default, 32)
 * @param dupsOkBatchMillis DUPS_OK_ACKNOWLEDGE: ms a consumed message waits for its batch at most (0 = default, 50)
 * @param asyncSendWindow   sends with a CompletionListener one producer has in flight at most (0 = default, 32);
 *                          also bounds the non-blocking NON_PERSISTENT sends
 * @param blockOnNonPersistentSend true: a NON_PERSISTENT send outside a transaction waits for the broker's answer;
 *                          false (default): it returns once written to the connection, like the peers' defaults
 * @param autoAckWindow     AUTO_ACKNOWLEDGE: consumed messages whose acknowledgement may be unconfirmed when the
 *                          next one is handed out (0 = default, 32; 1 = only the last consumed one)
 * @param syncSendsOnCallerThread true (default): a producer's synchronous sends go over a connection the sending
 *                          thread writes and reads itself; false: over the connection's shared one
 * @param coalescePipelinedSends true (default): pipelined sends made while one of the session is unanswered leave
 *                          together in one request; false: one request per send
 */
public record ConnectionSettings(String url, String user, String password, String clientId, int prefetch,
                                 long sendTimeout, int retries, String trustedPackages, int dupsOkBatchSize,
                                 long dupsOkBatchMillis, int asyncSendWindow, boolean blockOnNonPersistentSend,
                                 int autoAckWindow, boolean syncSendsOnCallerThread, boolean coalescePipelinedSends) {
    /** Default DUPS_OK batch size. */
    public static final int DEFAULT_DUPS_OK_BATCH_SIZE = 32;
    /** Default DUPS_OK batch time in ms. */
    public static final long DEFAULT_DUPS_OK_BATCH_MILLIS = 50;
    /** Default AUTO_ACKNOWLEDGE window. */
    public static final int DEFAULT_AUTO_ACK_WINDOW = 32;

    /** Settings with the default DUPS_OK batching. */
    public ConnectionSettings(String url, String user, String password, String clientId, int prefetch,
                              long sendTimeout, int retries, String trustedPackages) {
        this(url, user, password, clientId, prefetch, sendTimeout, retries, trustedPackages, 0, 0, 0, false, 0,
                true, true);
    }

    /** Checks the values that have a range. */
    public ConnectionSettings {
        if (dupsOkBatchSize < 0) {
            throw new IllegalArgumentException("dupsOkBatchSize must not be negative, was " + dupsOkBatchSize);
        }
        if (autoAckWindow < 0) {
            throw new IllegalArgumentException("autoAckWindow must not be negative, was " + autoAckWindow);
        }
        if (asyncSendWindow < 0) {
            throw new IllegalArgumentException("asyncSendWindow must not be negative, was " + asyncSendWindow);
        }
        if (dupsOkBatchMillis < 0) {
            throw new IllegalArgumentException("dupsOkBatchMillis must not be negative, was " + dupsOkBatchMillis);
        }
    }
}
