package org.rocketjms.jms.impl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.rocketjms.jms.client.ClientConfig;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.ClientInstance;
import org.rocketjms.jms.client.ClientListener;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.client.SessionAdmin;
import org.rocketjms.jms.destination.RocketDestination;
import org.rocketjms.jms.client.Authenticator;
import org.rocketjms.remoting.protocol.broker.BrokerExtFields;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.jms.destination.RocketTemporaryQueue;
import org.rocketjms.jms.destination.RocketTemporaryTopic;
import org.rocketjms.jms.message.DefaultDestinationCodec;
import org.rocketjms.jms.message.MessageCodec;
import org.rocketjms.jms.message.TrustedPackages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS connection: one {@link ClientInstance} (network client, routes, heartbeats) shared by its sessions.
 *
 * <p>Guarantees: the client ID can be set once, before any other use, and is claimed on every broker (unique
 * across the broker; released on close); {@link #stop()} returns once no listener of the connection runs and no
 * further message is delivered until {@link #start()}; {@link #close()} is idempotent, waits for running
 * listeners, closes the sessions (unacknowledged messages are redelivered), deletes the connection's temporary
 * destinations and releases the client ID. Every other method of a closed connection throws
 * {@link IllegalStateException}. Connection loss is reported to the {@link ExceptionListener}.
 */
public class JmsConnection implements QueueConnection, TopicConnection {
    private static final Logger LOG = LoggerFactory.getLogger(JmsConnection.class);
    /** The session whose listener the current thread runs, if any. */
    static final ThreadLocal<JmsSession> IN_LISTENER = new ThreadLocal<>();
    /** The session whose completion listener the current thread runs, if any. */
    static final ThreadLocal<JmsSession> IN_COMPLETION = new ThreadLocal<>();

    private final ClientInstance client;
    private final SessionAdmin admin;
    private final MessageCodec codec;
    private final ConnectionSettings settings;
    private final List<JmsSession> sessions = new CopyOnWriteArrayList<>();
    private final Set<RocketDestination> temporaries = ConcurrentHashMap.newKeySet();
    private final Set<RocketDestination> deletedTemporaries = ConcurrentHashMap.newKeySet();
    private final Object stateLock = new Object();
    /** Deliveries the broker counted but no application saw (prefetched, then released), per stored message. */
    private volatile String clientId;
    private volatile boolean clientIdFixed;
    private volatile boolean clientIdAdministrative;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile ExceptionListener exceptionListener;

    /**
     * Connects (the name servers need not be reachable yet) and claims an administratively configured client ID.
     *
     * @throws InvalidClientIDException if that client ID is in use
     * @throws JMSException             if the URL is malformed or the client cannot start
     */
    public JmsConnection(ConnectionSettings settings) throws JMSException {
        this.settings = settings;
        ClientConfig cfg;
        try {
            cfg = new ClientConfig(settings.url());
        } catch (IllegalArgumentException e) {
            throw JmsExceptions.link(new JMSException(e.getMessage()), e);
        }
        cfg.setUserName(settings.user());
        cfg.setPassword(settings.password());
        if (settings.prefetch() > 0) {
            cfg.setPrefetchMessages(settings.prefetch());
            cfg.setPopBatchSize(Math.min(cfg.getPopBatchSize(), settings.prefetch()));
        }
        if (settings.sendTimeout() > 0) {
            cfg.setSendMsgTimeoutMillis(settings.sendTimeout());
        }
        if (settings.retries() >= 0) {
            cfg.setRetryTimesWhenSendFailed(settings.retries());
        }
        if (settings.asyncSendWindow() > 0) {
            cfg.setAsyncSendWindow(settings.asyncSendWindow());
        }
        cfg.setSyncSendsOnCallerThread(settings.syncSendsOnCallerThread());
        cfg.setCoalescePipelinedSends(settings.coalescePipelinedSends());
        cfg.setLongPollSuspendMillis(5_000);
        TrustedPackages trusted = settings.trustedPackages() == null ? null
                : TrustedPackages.defaultsPlus(settings.trustedPackages());
        this.codec = new MessageCodec(DefaultDestinationCodec.INSTANCE, trusted);
        this.client = new ClientInstance(cfg);
        this.admin = new SessionAdmin(client);
        client.setListener(new ClientListener() {
            @Override
            public void onConnectionLost(Throwable cause) {
                ExceptionListener l = exceptionListener;
                if (l != null && !closed) {
                    JMSException e = new JMSException("connection to the RocketJMS brokers lost: " + cause);
                    if (cause instanceof Exception ex) {
                        e.setLinkedException(ex);
                    }
                    l.onException(e);
                }
            }

            @Override
            public void onConnectionRestored() {
                LOG.info("connection {} reaches its brokers again", client.clientId());
            }
        });
        try {
            client.start();
        } catch (ClientException e) {
            client.close();
            throw JmsExceptions.of("starting the connection", e);
        }
        authenticate(settings.user(), settings.password());
        if (settings.clientId() != null && !settings.clientId().isEmpty()) {
            try {
                claim(settings.clientId());
            } catch (JMSException e) {
                client.close();
                throw e;
            }
            clientIdAdministrative = true;
            clientIdFixed = true;
        }
    }

    /**
     * Checks the credentials with every broker (AUTHENTICATE). A refusal closes the client and raises a
     * {@link JMSSecurityException}; an anonymous connection (no user) whose brokers cannot be reached yet is let
     * through (it may be refused later), one with credentials is not.
     */
    private void authenticate(String user, String password) throws JMSException {
        boolean anonymous = user == null || user.isEmpty();
        try {
            Authenticator.authenticate(client, anonymous ? null : user, anonymous ? null : password);
        } catch (ClientException e) {
            if (e.getCode() == BrokerResponseCode.NO_PERMISSION) {
                client.close();
                throw JmsExceptions.link(new JMSSecurityException(anonymous
                        ? "the broker refused an anonymous connection (it requires a user name and password): "
                                + e.getMessage()
                        : "the broker refused user '" + user + "': " + e.getMessage(),
                        String.valueOf(e.getCode())), e);
            }
            if (anonymous && e.getCode() < 0 && e.getCode() != ClientException.INTERRUPTED) {
                LOG.warn("could not check the anonymous connection with the brokers yet: {}", e.getMessage());
                return;
            }
            client.close();
            throw JmsExceptions.of("authenticating " + (anonymous ? "an anonymous connection" : "user '" + user + "'"),
                    e);
        }
    }

    // ------------------------------------------------------------------ accessors for the facade

    ClientInstance client() {
        return client;
    }

    /**
     * Tells the ExceptionListener (if any) that acknowledging consumed messages failed after the application had
     * moved on; the broker redelivers those messages.
     */
    int dupsOkBatchSize() {
        return settings.dupsOkBatchSize() > 0 ? settings.dupsOkBatchSize() : ConnectionSettings.DEFAULT_DUPS_OK_BATCH_SIZE;
    }

    int autoAckWindow() {
        return settings.autoAckWindow() > 0 ? settings.autoAckWindow() : ConnectionSettings.DEFAULT_AUTO_ACK_WINDOW;
    }

    long dupsOkBatchMillis() {
        return settings.dupsOkBatchMillis() > 0 ? settings.dupsOkBatchMillis()
                : ConnectionSettings.DEFAULT_DUPS_OK_BATCH_MILLIS;
    }

    /** Whether NON_PERSISTENT sends outside a transaction wait for the broker. */
    boolean blockOnNonPersistentSend() {
        return settings.blockOnNonPersistentSend();
    }

    /** Tells the ExceptionListener (if any) that a NON_PERSISTENT send that did not wait for the broker failed. */
    void nonBlockingSendFailed(JMSException e) {
        notifyLater(e);
    }

    /**
     * Calls the ExceptionListener (if any) on a client worker thread: the failures reported here are seen by
     * callbacks that may run on a network I/O thread, where application code must not run.
     */
    private void notifyLater(JMSException e) {
        ExceptionListener l = exceptionListener;
        if (l == null || closed) {
            return;
        }
        client.execute(() -> {
            try {
                l.onException(e);
            } catch (RuntimeException ex) {
                LOG.warn("the ExceptionListener threw", ex);
            }
        });
    }

    void ackFailed(Throwable cause) {
        ExceptionListener l = exceptionListener;
        if (l == null || closed) {
            return;
        }
        JMSException e = new JMSException("acknowledging consumed messages failed; they will be redelivered: "
                + cause.getMessage());
        if (cause instanceof Exception ex) {
            e.setLinkedException(ex);
        }
        notifyLater(e);
    }

    SessionAdmin admin() {
        return admin;
    }

    MessageCodec codec() {
        return codec;
    }

    ConnectionSettings settings() {
        return settings;
    }

    /** The id that marks messages sent by this connection (noLocal). */
    String connectionId() {
        return client.clientId();
    }

    boolean isStarted() {
        return started;
    }

    boolean isClosed() {
        return closed;
    }

    void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw JmsExceptions.closed("connection");
        }
    }

    void fixClientId() {
        clientIdFixed = true;
    }

    void removed(JmsSession s) {
        sessions.remove(s);
    }

    // ------------------------------------------------------------------ client ID

    @Override
    public String getClientID() throws JMSException {
        ensureOpen();
        return clientId;
    }

    @Override
    public void setClientID(String id) throws JMSException {
        ensureOpen();
        synchronized (stateLock) {
            if (clientIdAdministrative) {
                throw new IllegalStateException("the client ID '" + clientId + "' was configured on the connection"
                        + " factory and cannot be changed");
            }
            if (clientIdFixed) {
                throw new IllegalStateException("the client ID must be set before the connection is used, and only"
                        + " once");
            }
            if (id == null || id.isEmpty()) {
                throw new InvalidClientIDException("a client ID must not be null or empty");
            }
            claim(id);
            clientIdFixed = true;
        }
    }

    private void claim(String id) throws JMSException {
        try {
            admin.claimClientId(id);
        } catch (ClientException e) {
            JMSException j = JmsExceptions.of("claiming client ID '" + id + "'", e);
            if (!(j instanceof InvalidClientIDException)) {
                throw j;
            }
            throw JmsExceptions.link(new InvalidClientIDException("client ID '" + id + "' is already in use by another"
                    + " connection"), e);
        }
        this.clientId = id;
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createJmsSession(transacted, acknowledgeMode);
    }

    /** Creates a session (shared by the classic and simplified APIs). */
    JmsSession createJmsSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createJmsSession(transacted, acknowledgeMode, JmsSession.Domain.BOTH);
    }

    private JmsSession createJmsSession(boolean transacted, int acknowledgeMode, JmsSession.Domain domain)
            throws JMSException {
        ensureOpen();
        fixClientId();
        int mode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
        if (!transacted && mode != Session.AUTO_ACKNOWLEDGE && mode != Session.CLIENT_ACKNOWLEDGE
                && mode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("acknowledge mode " + acknowledgeMode + " is not one of AUTO_ACKNOWLEDGE (1),"
                    + " CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3) or SESSION_TRANSACTED (0)");
        }
        JmsSession s = new JmsSession(this, mode, domain);
        sessions.add(s);
        return s;
    }

    /** Creates an XA session (for {@link JmsXAConnection}). */
    JmsXASession createXaSession(JmsSession.Domain domain) throws JMSException {
        ensureOpen();
        fixClientId();
        JmsXASession s = new JmsXASession(this, domain);
        sessions.add(s);
        return s;
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createJmsSession(transacted, acknowledgeMode, JmsSession.Domain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createJmsSession(transacted, acknowledgeMode, JmsSession.Domain.TOPIC);
    }

    // ------------------------------------------------------------------ start / stop / close

    @Override
    public void start() throws JMSException {
        ensureOpen();
        fixClientId();
        synchronized (stateLock) {
            started = true;
            for (JmsSession s : sessions) {
                s.connectionStarted();
            }
        }
    }

    @Override
    public void stop() throws JMSException {
        ensureOpen();
        fixClientId();
        if (IN_LISTENER.get() != null && IN_LISTENER.get().connection() == this) {
            throw new IllegalStateException("Connection.stop() must not be called from a MessageListener of the"
                    + " same connection");
        }
        // stop() from a CompletionListener is allowed: the spec forbids only close, commit and rollback there
        synchronized (stateLock) {
            started = false;
            for (JmsSession s : sessions) {
                s.connectionStopped();
            }
        }
    }

    @Override
    public void close() throws JMSException {
        JmsSession in = IN_LISTENER.get();
        if (in != null && in.connection() == this) {
            throw new IllegalStateException("Connection.close() must not be called from a MessageListener of the"
                    + " same connection");
        }
        JmsSession inc = IN_COMPLETION.get();
        if (inc != null && inc.connection() == this) {
            throw new IllegalStateException("Connection.close() must not be called from a CompletionListener of the"
                    + " same connection");
        }
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            started = false;
            for (JmsSession s : sessions) {
                s.connectionStopped();
            }
        }
        for (JmsSession s : sessions) {
            try {
                s.close();
            } catch (JMSException e) {
                LOG.warn("closing a session of connection {} failed: {}", client.clientId(), e.getMessage());
            }
        }
        for (RocketDestination d : temporaries) {
            try {
                deleteTemporary(d, true);
            } catch (JMSException e) {
                LOG.warn("deleting temporary destination {} failed: {}", d, e.getMessage());
            }
        }
        closed = true;
        if (clientId != null) {
            admin.releaseClientId(clientId);
        }
        client.close();
    }

    // ------------------------------------------------------------------ temporary destinations

    RocketTemporaryQueue createTemporaryQueue() throws JMSException {
        ensureOpen();
        RocketTemporaryQueue q = new RocketTemporaryQueue(DestinationNames.newTemporaryName(),
                d -> deleteTemporary(d, false));
        createTemporary(q);
        return q;
    }

    RocketTemporaryTopic createTemporaryTopic() throws JMSException {
        ensureOpen();
        RocketTemporaryTopic t = new RocketTemporaryTopic(DestinationNames.newTemporaryName(),
                d -> deleteTemporary(d, false));
        createTemporary(t);
        return t;
    }

    private void createTemporary(RocketDestination d) throws JMSException {
        String topic = DestinationNames.brokerTopic(d);
        try {
            client.createTopic(topic, 1, Map.of(BrokerExtFields.TEMPORARY, "true", BrokerExtFields.CLIENT_ID,
                    client.clientId()));
        } catch (ClientException e) {
            throw JmsExceptions.of("creating temporary destination " + d, e);
        }
        temporaries.add(d);
    }

    private void deleteTemporary(RocketDestination d, boolean closing) throws JMSException {
        if (!closing) {
            ensureOpen();
            if (!temporaries.contains(d)) {
                if (deletedTemporaries.contains(d)) {
                    return;
                }
                throw new InvalidDestinationException("temporary destination " + d + " belongs to another connection");
            }
            for (JmsSession s : sessions) {
                if (s.hasConsumerOn(d)) {
                    throw new IllegalStateException("temporary destination " + d + " still has consumers; close them"
                            + " before deleting it");
                }
            }
        }
        temporaries.remove(d);
        deletedTemporaries.add(d);
        String topic = DestinationNames.brokerTopic(d);
        try {
            admin.deleteTopic(topic, client.clientId());
        } catch (ClientException e) {
            throw JmsExceptions.of("deleting temporary destination " + d, e);
        }
    }

    /** Checks that a consumer may be created on {@code d}: a temporary one must belong to this connection. */
    void checkConsumable(RocketDestination d) throws JMSException {
        if (!d.isTemporary()) {
            return;
        }
        if (deletedTemporaries.contains(d)) {
            throw new InvalidDestinationException("temporary destination " + d + " was deleted");
        }
        if (!temporaries.contains(d)) {
            throw new InvalidDestinationException("temporary destination " + d + " belongs to another connection;"
                    + " only its own connection may consume from it");
        }
    }

    /** Checks that {@code d} may be sent to: not a temporary destination this connection deleted. */
    void checkSendable(RocketDestination d) throws JMSException {
        if (!d.isTemporary() || temporaries.contains(d)) {
            return;
        }
        if (deletedTemporaries.contains(d)) {
            throw new InvalidDestinationException("temporary destination " + d + " was deleted");
        }
        // another connection's temporary destination: it must still exist (the broker would otherwise auto-create
        // a plain topic of that name on send), so ask the brokers directly
        String topic = DestinationNames.brokerTopic(d);
        boolean exists;
        try {
            exists = admin.topicExists(topic);
        } catch (ClientException e) {
            throw JmsExceptions.of("checking temporary destination " + d, e);
        }
        if (!exists) {
            throw new InvalidDestinationException("temporary destination " + d + " no longer exists (it was deleted"
                    + " or its connection closed)");
        }
    }

    // ------------------------------------------------------------------ misc

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        ensureOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        ensureOpen();
        fixClientId();
        this.exceptionListener = listener;
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        ensureOpen();
        return JmsConnectionMetaData.INSTANCE;
    }

    /** True if an unshared durable subscription group is consumed by an open consumer of this connection. */
    boolean isGroupActive(String group) {
        for (JmsSession s : sessions) {
            if (s.hasConsumerOfGroup(group)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        ensureOpen();
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
                                                             String messageSelector, ServerSessionPool sessionPool,
                                                             int maxMessages) throws JMSException {
        ensureOpen();
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                              String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        ensureOpen();
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        ensureOpen();
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        return createConnectionConsumer((Destination) queue, messageSelector, sessionPool, maxMessages);
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        return createConnectionConsumer((Destination) topic, messageSelector, sessionPool, maxMessages);
    }

    @Override
    public String toString() {
        return "JmsConnection[" + client.clientId() + (clientId == null ? "" : ", clientID=" + clientId) + ']';
    }
}
