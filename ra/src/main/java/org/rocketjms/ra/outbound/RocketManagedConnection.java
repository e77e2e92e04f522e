package org.rocketjms.ra.outbound;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.io.PrintWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.rocketjms.ra.RaLog;
import org.rocketjms.ra.RaSettings;

/**
 * One physical RocketJMS connection in the container's pool. It owns at most three physical sessions, made on first
 * use and reused by every handle: the XA session (when enlisted in a JTA transaction), a transacted session (for the
 * container's local transactions) and an auto-acknowledge session (no transaction). A handle's session delegates to
 * the one that matches the transaction state when the session is created. Sends {@code CONNECTION_CLOSED} when a
 * handle closes, {@code LOCAL_TRANSACTION_*} events, and {@code CONNECTION_ERROR_OCCURRED} when the broker
 * connection is lost (the pool then destroys this connection).
 */
public final class RocketManagedConnection implements ManagedConnection {
    private static final Logger LOG = RaLog.of(RocketManagedConnection.class);

    private final RocketManagedConnectionFactory factory;
    private final RaSettings settings;
    private final RocketConnectionRequestInfo requestInfo;
    private final Connection physical;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    private XASession xaSession;
    private Session transactedSession;
    private Session autoSession;
    private volatile boolean localTxActive;
    private volatile Xid xaBranch;
    private volatile boolean destroyed;
    private volatile boolean broken;
    private PrintWriter logWriter;

    RocketManagedConnection(RocketManagedConnectionFactory factory, RaSettings settings,
                            RocketConnectionRequestInfo requestInfo) throws ResourceException {
        this.factory = factory;
        this.settings = settings;
        this.requestInfo = requestInfo;
        try {
            if (factory.factories().supportsXa()) {
                physical = factory.factories().xaFactory(settings)
                        .createXAConnection(settings.userName(), settings.password());
            } else {
                physical = factory.factories().factory(settings)
                        .createConnection(settings.userName(), settings.password());
            }
            if (settings.clientId() != null && !settings.clientId().isEmpty()) {
                physical.setClientID(settings.clientId());
            }
            physical.setExceptionListener(this::connectionLost);
            physical.start();
        } catch (JMSException e) {
            throw resourceException("cannot connect to RocketJMS at " + settings.url(), e);
        }
    }

    static ResourceException resourceException(String what, Exception cause) {
        ResourceException r = new ResourceAdapterInternalException(what + ": " + cause.getMessage(), cause);
        return r;
    }

    RocketManagedConnectionFactory factory() {
        return factory;
    }

    RocketConnectionRequestInfo requestInfo() {
        return requestInfo;
    }

    RaSettings settings() {
        return settings;
    }

    /** Whether the pool may hand this connection out again. */
    boolean isUsable() {
        return !destroyed && !broken;
    }

    /** Whether a local or XA transaction is active on this connection. */
    public boolean inTransaction() {
        return localTxActive || xaBranch != null;
    }

    /** The physical connection (for the handles). */
    Connection physical() {
        return physical;
    }

    private void connectionLost(JMSException e) {
        if (destroyed || broken) {
            return;
        }
        broken = true;
        LOG.log(Level.WARNING, "RocketJMS connection {0} lost: {1}", settings.url(), e.getMessage());
        fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, null, e);
    }

    /**
     * The physical session a new session handle uses: the XA session inside a JTA transaction, the transacted one
     * inside a local transaction, otherwise the auto-acknowledge one.
     */
    Session sessionForHandle() throws JMSException {
        synchronized (lock) {
            checkNotDestroyed();
            if (xaBranch != null) {
                return xaSession.getSession();
            }
            if (localTxActive) {
                return transactedSession();
            }
            if (autoSession == null) {
                autoSession = physical.createSession(false, Session.AUTO_ACKNOWLEDGE);
            }
            return autoSession;
        }
    }

    private Session transactedSession() throws JMSException {
        if (transactedSession == null) {
            transactedSession = physical.createSession(true, Session.SESSION_TRANSACTED);
        }
        return transactedSession;
    }

    private void checkNotDestroyed() throws JMSException {
        if (destroyed) {
            throw new jakarta.jms.IllegalStateException("the managed connection was destroyed");
        }
    }

    // ------------------------------------------------------------------ handles

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo cri) throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("the managed connection was destroyed");
        }
        ConnectionHandle h = new ConnectionHandle(this);
        handles.add(h);
        return h;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ConnectionHandle h)) {
            throw new ResourceException("cannot associate " + connection + ": not a RocketJMS connection handle");
        }
        RocketManagedConnection old = h.managedConnection();
        if (old != null) {
            old.handles.remove(h);
        }
        h.associate(this);
        handles.add(h);
    }

    /** Called by a handle when the application closes it. */
    void handleClosed(ConnectionHandle h) {
        handles.remove(h);
        fire(ConnectionEvent.CONNECTION_CLOSED, h, null);
    }

    /** The number of open handles (tests). */
    int handleCount() {
        return handles.size();
    }

    @Override
    public void cleanup() throws ResourceException {
        for (ConnectionHandle h : new ArrayList<>(handles)) {
            h.invalidate();
        }
        handles.clear();
        if (localTxActive) {
            LOG.log(Level.WARNING, "cleanup of a connection whose local transaction was never ended: rolling back");
            try {
                synchronized (lock) {
                    transactedSession().rollback();
                }
            } catch (JMSException e) {
                LOG.log(Level.WARNING, "rolling back at cleanup failed: " + e);
            }
            localTxActive = false;
        }
    }

    @Override
    public void destroy() throws ResourceException {
        if (destroyed) {
            return;
        }
        try {
            cleanup();
        } finally {
            destroyed = true;
            try {
                physical.close();
            } catch (JMSException e) {
                LOG.log(Level.DEBUG, "closing a broken RocketJMS connection failed: " + e);
            }
        }
    }

    /** Whether {@link #destroy} ran (tests). */
    public boolean isDestroyed() {
        return destroyed;
    }

    // ------------------------------------------------------------------ events

    @Override
    public void addConnectionEventListener(ConnectionEventListener l) {
        if (l != null) {
            listeners.add(l);
        }
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener l) {
        listeners.remove(l);
    }

    private void fire(int type, Object handle, Exception e) {
        ConnectionEvent ev = e == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, e);
        if (handle != null) {
            ev.setConnectionHandle(handle);
        }
        for (ConnectionEventListener l : listeners) {
            switch (type) {
                case ConnectionEvent.CONNECTION_CLOSED -> l.connectionClosed(ev);
                case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> l.localTransactionStarted(ev);
                case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED -> l.localTransactionCommitted(ev);
                case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK -> l.localTransactionRolledback(ev);
                case ConnectionEvent.CONNECTION_ERROR_OCCURRED -> l.connectionErrorOccurred(ev);
                default -> throw new IllegalArgumentException("event type " + type);
            }
        }
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public XAResource getXAResource() throws ResourceException {
        if (!(physical instanceof XAConnection xa)) {
            throw new NotSupportedException("this RocketJMS client has no XA connection factory; configure the"
                    + " pool with LocalTransaction or NoTransaction");
        }
        synchronized (lock) {
            try {
                if (xaSession == null) {
                    xaSession = xa.createXASession();
                }
                return new TrackingXAResource(xaSession.getXAResource());
            } catch (JMSException e) {
                throw resourceException("cannot create an XA session", e);
            }
        }
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        return new SpiLocalTransaction();
    }

    /** The container's local transaction: a transacted session committed or rolled back as one. */
    private final class SpiLocalTransaction implements LocalTransaction {
        @Override
        public void begin() throws ResourceException {
            if (localTxActive) {
                throw new LocalTransactionException("a local transaction is already active");
            }
            if (xaBranch != null) {
                throw new LocalTransactionException("the connection is enlisted in XA transaction " + xaBranch);
            }
            synchronized (lock) {
                try {
                    transactedSession();
                } catch (JMSException e) {
                    throw resourceException("cannot begin a local transaction", e);
                }
                localTxActive = true;
            }
            fire(ConnectionEvent.LOCAL_TRANSACTION_STARTED, null, null);
        }

        @Override
        public void commit() throws ResourceException {
            end(true);
        }

        @Override
        public void rollback() throws ResourceException {
            end(false);
        }

        private void end(boolean commit) throws ResourceException {
            if (!localTxActive) {
                throw new LocalTransactionException("no local transaction is active");
            }
            try {
                synchronized (lock) {
                    if (commit) {
                        transactedSession().commit();
                    } else {
                        transactedSession().rollback();
                    }
                }
            } catch (JMSException e) {
                LocalTransactionException l = new LocalTransactionException((commit ? "commit" : "rollback")
                        + " failed: " + e.getMessage());
                l.initCause(e);
                throw l;
            } finally {
                localTxActive = false;
            }
            fire(commit ? ConnectionEvent.LOCAL_TRANSACTION_COMMITTED
                    : ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, null, null);
        }
    }

    /** Delegates to the XA session's resource and remembers which branch is associated with this connection. */
    private final class TrackingXAResource extends org.rocketjms.ra.DelegatingXAResource {
        TrackingXAResource(XAResource delegate) {
            super(delegate);
        }

        @Override
        public void start(Xid xid, int flags) throws XAException {
            if (localTxActive) {
                throw new XAException(XAException.XAER_PROTO);
            }
            delegate.start(xid, flags);
            xaBranch = xid;
        }

        @Override
        public void end(Xid xid, int flags) throws XAException {
            try {
                delegate.end(xid, flags);
            } finally {
                xaBranch = null;
            }
        }
    }

    // ------------------------------------------------------------------ misc

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "RocketJMS";
            }

            @Override
            public String getEISProductVersion() {
                Package p = RocketManagedConnection.class.getPackage();
                return p.getImplementationVersion() != null ? p.getImplementationVersion() : "1.0";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return settings.userName();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "RocketManagedConnection[" + settings + (broken ? ", broken" : "") + (destroyed ? ", destroyed" : "")
                + ']';
    }
}
