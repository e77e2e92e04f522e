package org.rocketjms.ra;

import java.io.Serializable;

/**
 * The connection settings one physical RocketJMS connection is made with: the name-server URL, credentials, client
 * ID and the client tuning. Null tuning values leave the provider's defaults in place. Immutable.
 *
 * @param url             name-server URL, {@code rocketjms://host:port[;host:port...]}
 * @param userName        user (null: anonymous)
 * @param password        password
 * @param clientId        client ID set on the connection (null: none)
 * @param prefetch        messages a consumer buffers (null: provider default)
 * @param sendTimeout     send timeout in ms (null: provider default)
 * @param retries         send retries on another queue or broker (null: provider default)
 * @param trustedPackages extra ObjectMessage packages (null: provider default)
 * @param tuning          acknowledgement and send-pipeline settings (never null; its null values: provider defaults)
 */
public record RaSettings(String url, String userName, String password, String clientId, Integer prefetch,
                         Long sendTimeout, Integer retries, String trustedPackages, Tuning tuning)
        implements Serializable {
    /** No tuning: every value from the provider's defaults. */
    public static final Tuning DEFAULT_TUNING = new Tuning(null, null, null, null, null, null, null);

    /**
     * The provider's throughput settings a connection definition may set (see {@code RocketConnectionFactory} for
     * each): null leaves the provider's default.
     *
     * @param asyncSendWindow          sends one producer keeps in flight (CompletionListener, NON_PERSISTENT)
     * @param blockOnNonPersistentSend whether a NON_PERSISTENT send waits for the broker
     * @param autoAckWindow            AUTO_ACKNOWLEDGE: consumed messages whose ack may still be unconfirmed
     * @param dupsOkBatchSize          DUPS_OK_ACKNOWLEDGE: messages acknowledged together
     * @param dupsOkBatchMillis        DUPS_OK_ACKNOWLEDGE: ms a consumed message waits for its batch at most
     * @param syncSendsOnCallerThread  whether a producer's synchronous sends go over a connection the sending thread
     *                                 drives itself
     * @param coalescePipelinedSends   whether pipelined sends made while one of the session is unanswered share a
     *                                 request
     */
    public record Tuning(Integer asyncSendWindow, Boolean blockOnNonPersistentSend, Integer autoAckWindow,
                         Integer dupsOkBatchSize, Long dupsOkBatchMillis, Boolean syncSendsOnCallerThread,
                         Boolean coalescePipelinedSends) implements Serializable {
    }

    /** Settings without tuning (provider defaults). */
    public RaSettings(String url, String userName, String password, String clientId, Integer prefetch,
                      Long sendTimeout, Integer retries, String trustedPackages) {
        this(url, userName, password, clientId, prefetch, sendTimeout, retries, trustedPackages, DEFAULT_TUNING);
    }

    public RaSettings {
        if (tuning == null) {
            tuning = DEFAULT_TUNING;
        }
    }
    /** The URL used when nothing sets one. */
    public static final String DEFAULT_URL = "rocketjms://127.0.0.1:9876";

    /** These settings with other credentials. */
    public RaSettings withCredentials(String user, String pwd) {
        return new RaSettings(url, user, pwd, clientId, prefetch, sendTimeout, retries, trustedPackages, tuning);
    }

    /** These settings with another client ID. */
    public RaSettings withClientId(String id) {
        return new RaSettings(url, userName, password, id, prefetch, sendTimeout, retries, trustedPackages, tuning);
    }

    @Override
    public String toString() {
        return "RaSettings[" + url + ", user=" + userName + ", clientId=" + clientId + ']';
    }
}
