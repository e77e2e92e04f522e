package org.rocketjms.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;
import org.rocketjms.ra.RaLog;

/**
 * A small pool for use outside an application server ({@code mcf.createConnectionFactory()}): idle managed
 * connections are matched with {@code matchManagedConnections} and reused; a closed handle returns its connection
 * (after {@code cleanup}); a connection that reports an error is destroyed. No transaction manager: sessions are
 * non-transacted. {@link #close()} destroys every pooled connection.
 */
public class DefaultConnectionManager implements ConnectionManager, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = RaLog.of(DefaultConnectionManager.class);

    private final transient Set<ManagedConnection> idle = new HashSet<>();
    private final transient Set<ManagedConnection> inUse = new HashSet<>();
    private final transient ConnectionEventListener listener = new ConnectionEventListener() {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            release((ManagedConnection) event.getSource(), false);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            // no transaction manager here
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            // no transaction manager here
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            // no transaction manager here
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            release((ManagedConnection) event.getSource(), true);
        }
    };

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo cri)
            throws ResourceException {
        ManagedConnection mc;
        synchronized (this) {
            mc = mcf.matchManagedConnections(new HashSet<>(idle), null, cri);
            if (mc != null) {
                idle.remove(mc);
                inUse.add(mc);
            }
        }
        if (mc == null) {
            mc = mcf.createManagedConnection(null, cri);
            mc.addConnectionEventListener(listener);
            synchronized (this) {
                inUse.add(mc);
            }
        }
        return mc.getConnection(null, cri);
    }

    private void release(ManagedConnection mc, boolean broken) {
        synchronized (this) {
            if (!inUse.remove(mc) && !idle.remove(mc)) {
                return;
            }
        }
        try {
            if (broken) {
                mc.destroy();
                return;
            }
            mc.cleanup();
            synchronized (this) {
                idle.add(mc);
            }
        } catch (ResourceException e) {
            LOG.log(Level.WARNING, "releasing " + mc + " failed, destroying it: " + e);
            try {
                mc.destroy();
            } catch (ResourceException e2) {
                LOG.log(Level.WARNING, "destroying " + mc + " failed: " + e2);
            }
        }
    }

    /** Idle pooled connections (tests). */
    public synchronized int idleCount() {
        return idle.size();
    }

    /** Connections handed out (tests). */
    public synchronized int inUseCount() {
        return inUse.size();
    }

    /** Destroys every pooled connection. */
    @Override
    public void close() {
        Set<ManagedConnection> all;
        synchronized (this) {
            all = new HashSet<>(idle);
            all.addAll(inUse);
            idle.clear();
            inUse.clear();
        }
        for (ManagedConnection mc : all) {
            try {
                mc.destroy();
            } catch (ResourceException e) {
                LOG.log(Level.WARNING, "destroying " + mc + " failed: " + e);
            }
        }
    }
}
