package org.rocketjms.jms;

import java.io.Serializable;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import org.rocketjms.jms.client.ClientConfig;
import org.rocketjms.jms.impl.ConnectionSettings;
import org.rocketjms.jms.impl.JmsConnection;
import org.rocketjms.jms.impl.JmsContext;
import org.rocketjms.jms.impl.JmsExceptions;

/**
 * The RocketJMS connection factory: {@code new RocketConnectionFactory("rocketjms://host:9876")}. A plain bean
 * (serializable, with getters and setters for every setting) so it can be bound in JNDI or configured by a
 * container. Each connection or context created gets its own client (network connection, heartbeats) to the
 * brokers found through the name servers of {@link #getBrokerURL()}. A client ID set here is administratively
 * configured: connections use it and cannot change it, and only one connection can hold it at a time.
 */
public class RocketConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable {
    private static final long serialVersionUID = 1L;
    /** The URL used when none is set. */
    public static final String DEFAULT_URL = "rocketjms://127.0.0.1:9876";

    private String brokerURL = DEFAULT_URL;
    private String user;
    private String password;
    private String clientID;
    private int prefetch;
    private long sendTimeout;
    private int retries = -1;
    private String trustedPackages;
    private int dupsOkBatchSize;
    private int autoAckWindow;
    private long dupsOkBatchMillis;
    private int asyncSendWindow;
    private boolean blockOnNonPersistentSend;
    private boolean syncSendsOnCallerThread = ClientConfig.defaultSyncSendsOnCallerThread();
    private boolean coalescePipelinedSends = ClientConfig.defaultCoalescePipelinedSends();

    /** A factory for {@link #DEFAULT_URL}. */
    public RocketConnectionFactory() {
    }

    /** A factory for the name servers of {@code url} ({@code rocketjms://host:port[;host:port...]}). */
    public RocketConnectionFactory(String url) {
        setBrokerURL(url);
    }

    /** The connection URL. */
    public String getBrokerURL() {
        return brokerURL;
    }

    /** Sets the connection URL; throws IllegalArgumentException when it is malformed. */
    public void setBrokerURL(String url) {
        ClientConfig.parseUrl(url);
        this.brokerURL = url;
    }

    /** Same as {@link #getBrokerURL()}. */
    public String getUrl() {
        return brokerURL;
    }

    /** Same as {@link #setBrokerURL(String)}. */
    public void setUrl(String url) {
        setBrokerURL(url);
    }

    /** The default user name, or null. */
    public String getUser() {
        return user;
    }

    /** Sets the default user name. */
    public void setUser(String user) {
        this.user = user;
    }

    /** The default password, or null. */
    public String getPassword() {
        return password;
    }

    /** Sets the default password. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** The administratively configured client ID, or null. */
    public String getClientID() {
        return clientID;
    }

    /** Sets the client ID every connection of this factory uses. */
    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    /** Messages each consumer prefetches (0 = client default, 64). */
    public int getPrefetch() {
        return prefetch;
    }

    /** Sets the prefetch per consumer (0 = default). */
    public void setPrefetch(int prefetch) {
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must not be negative");
        }
        this.prefetch = prefetch;
    }

    /** Send timeout in ms (0 = client default, 3000). */
    public long getSendTimeout() {
        return sendTimeout;
    }

    /** Sets the send timeout in ms (0 = default). */
    public void setSendTimeout(long sendTimeout) {
        if (sendTimeout < 0) {
            throw new IllegalArgumentException("sendTimeout must not be negative");
        }
        this.sendTimeout = sendTimeout;
    }

    /** Send retries (-1 = client default, 2). */
    public int getRetries() {
        return retries;
    }

    /** Sets the number of send retries (-1 = default). */
    public void setRetries(int retries) {
        this.retries = retries;
    }

    /** Comma-separated packages trusted for ObjectMessage bodies in addition to the defaults, or null. */
    public String getTrustedPackages() {
        return trustedPackages;
    }

    /** Sets extra trusted packages for ObjectMessage bodies ({@code *} trusts everything). */
    public void setTrustedPackages(String trustedPackages) {
        this.trustedPackages = trustedPackages;
    }

    /** DUPS_OK_ACKNOWLEDGE: consumed messages acknowledged together in one request (0 = default, 32). */
    public int getDupsOkBatchSize() {
        return dupsOkBatchSize;
    }

    /** Sets the DUPS_OK batch size (0 = default); at most that many messages can be redelivered after a failure. */
    public void setDupsOkBatchSize(int dupsOkBatchSize) {
        if (dupsOkBatchSize < 0) {
            throw new IllegalArgumentException("dupsOkBatchSize must not be negative, was " + dupsOkBatchSize);
        }
        this.dupsOkBatchSize = dupsOkBatchSize;
    }

    /**
     * AUTO_ACKNOWLEDGE: consumed messages whose acknowledgement may still be unconfirmed when the session hands out
     * the next message (0 = default, 32). Acks are sent at once while fewer than two requests are in flight and
     * together in one request otherwise; after a broker or connection failure at most this many consumed messages
     * come back (with JMSRedelivered=true) besides the one being processed. 1 keeps only the last consumed message in
     * doubt, at one confirmation round trip per message.
     */
    public int getAutoAckWindow() {
        return autoAckWindow;
    }

    /** Sets the AUTO_ACKNOWLEDGE window (0 = default, 32). */
    public void setAutoAckWindow(int autoAckWindow) {
        if (autoAckWindow < 0) {
            throw new IllegalArgumentException("autoAckWindow must not be negative, was " + autoAckWindow);
        }
        this.autoAckWindow = autoAckWindow;
    }

    /** DUPS_OK_ACKNOWLEDGE: ms a consumed message waits for its batch at most (0 = default, 50). */
    public long getDupsOkBatchMillis() {
        return dupsOkBatchMillis;
    }

    /** Sets how long a DUPS_OK batch collects consumed messages at most, in ms (0 = default). */
    public void setDupsOkBatchMillis(long dupsOkBatchMillis) {
        if (dupsOkBatchMillis < 0) {
            throw new IllegalArgumentException("dupsOkBatchMillis must not be negative, was " + dupsOkBatchMillis);
        }
        this.dupsOkBatchMillis = dupsOkBatchMillis;
    }

    /** Sends with a CompletionListener that one producer has in flight at most (0 = default, 32). */
    public int getAsyncSendWindow() {
        return asyncSendWindow;
    }

    /** Sets the asynchronous send window per producer (0 = default; 1 = one send at a time). */
    public void setAsyncSendWindow(int asyncSendWindow) {
        if (asyncSendWindow < 0) {
            throw new IllegalArgumentException("asyncSendWindow must not be negative, was " + asyncSendWindow);
        }
        this.asyncSendWindow = asyncSendWindow;
    }

    /** Whether a NON_PERSISTENT send outside a transaction waits for the broker's answer (default false). */
    public boolean isBlockOnNonPersistentSend() {
        return blockOnNonPersistentSend;
    }

    /**
     * false (default): a NON_PERSISTENT send outside a transaction returns once the message is on its way (at most
     * {@code asyncSendWindow} per producer in flight, per-producer order kept); a refusal by the broker is logged
     * and reported to the connection's ExceptionListener. true: it waits for the broker like a PERSISTENT send.
     */
    public void setBlockOnNonPersistentSend(boolean block) {
        this.blockOnNonPersistentSend = block;
    }

    /**
     * Whether synchronous sends go over a connection the sending thread drives itself (default true, or false when
     * the system property {@code rocketjms.syncSendsOnCallerThread} is {@code false}).
     */
    public boolean isSyncSendsOnCallerThread() {
        return syncSendsOnCallerThread;
    }

    /**
     * true (default): from a producer's second synchronous send on (a PERSISTENT send, or a NON_PERSISTENT one with
     * {@code blockOnNonPersistentSend}), the sending thread writes the request on a TCP connection of the producer's
     * own and reads the answer itself, instead of handing both through the connection's I/O thread: two thread
     * wake-ups fewer per send. One extra TCP connection per producer that sends synchronously (per broker).
     * false: every request goes over the connection's shared TCP connection.
     */
    public void setSyncSendsOnCallerThread(boolean onCallerThread) {
        this.syncSendsOnCallerThread = onCallerThread;
    }

    /**
     * Whether pipelined sends share requests (default true, or false when the system property
     * {@code rocketjms.coalescePipelinedSends} is {@code false}).
     */
    public boolean isCoalescePipelinedSends() {
        return coalescePipelinedSends;
    }

    /**
     * true (default): sends that do not wait for the broker (NON_PERSISTENT without {@code blockOnNonPersistentSend},
     * sends with a CompletionListener) made while an earlier one of the session is unanswered wait for that answer
     * and then leave together in one request; each message still succeeds or fails on its own. false: one request
     * per send.
     */
    public void setCoalescePipelinedSends(boolean coalesce) {
        this.coalescePipelinedSends = coalesce;
    }

    /** The settings of a connection for user {@code u} with password {@code p}. */
    protected ConnectionSettings settings(String u, String p) {
        return new ConnectionSettings(brokerURL, u, p, clientID, prefetch, sendTimeout, retries, trustedPackages,
                dupsOkBatchSize, dupsOkBatchMillis, asyncSendWindow, blockOnNonPersistentSend, autoAckWindow,
                syncSendsOnCallerThread, coalescePipelinedSends);
    }

    @Override
    public Connection createConnection() throws JMSException {
        return new JmsConnection(settings(user, password));
    }

    @Override
    public Connection createConnection(String userName, String pwd) throws JMSException {
        return new JmsConnection(settings(userName, pwd));
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return new JmsConnection(settings(user, password));
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String pwd) throws JMSException {
        return new JmsConnection(settings(userName, pwd));
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return new JmsConnection(settings(user, password));
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String pwd) throws JMSException {
        return new JmsConnection(settings(userName, pwd));
    }

    @Override
    public JMSContext createContext() {
        return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(user, password, sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String pwd) {
        return createContext(userName, pwd, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String pwd, int sessionMode) {
        JmsContext.checkSessionMode(sessionMode);
        try {
            return JmsContext.create(new JmsConnection(settings(userName, pwd)), sessionMode);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public String toString() {
        return "RocketConnectionFactory[" + brokerURL + ']';
    }
}
