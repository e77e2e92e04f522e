package org.rocketjms.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * Test stand-in for an application server's pool plus transaction manager, doing what a container does for a
 * connection allocated inside a transaction: one managed connection (made on first use, reused after), enlisted when
 * it is allocated while a transaction is active — {@code XAResource.start} for an XA transaction,
 * {@code LocalTransaction.begin} for a local one — and, at the end, {@code end}/{@code prepare}/{@code commit} (or
 * {@code rollback}), then {@code cleanup} once the handle is closed and the transaction is over.
 */
final class TestTransactionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    enum Kind { XA, LOCAL }

    private transient ManagedConnection mc;
    private transient Kind active;
    private transient Xid xid;
    private transient XAResource enlistedXa;
    private transient LocalTransaction enlistedLocal;
    private transient boolean handleOpen;
    /** What the manager did, in order: {@code xa-start}, {@code local-begin}, {@code handle-closed}, {@code cleanup}... */
    final transient List<String> calls = new ArrayList<>();

    private final transient ConnectionEventListener listener = new ConnectionEventListener() {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            calls.add("handle-closed");
            handleOpen = false;
            if (active == null) {
                cleanup();
            }
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            // the manager started it itself
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            // the manager committed it itself
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            // the manager rolled it back itself
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            calls.add("error");
        }
    };

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo cri)
            throws ResourceException {
        if (mc == null) {
            mc = mcf.createManagedConnection(null, cri);
            mc.addConnectionEventListener(listener);
        }
        if (active == Kind.XA && enlistedXa == null) {
            enlistedXa = mc.getXAResource();
            try {
                enlistedXa.start(xid, XAResource.TMNOFLAGS);
            } catch (javax.transaction.xa.XAException e) {
                throw new ResourceException("enlisting failed: " + e, e);
            }
            calls.add("xa-start");
        } else if (active == Kind.LOCAL && enlistedLocal == null) {
            enlistedLocal = mc.getLocalTransaction();
            enlistedLocal.begin();
            calls.add("local-begin");
        }
        handleOpen = true;
        return mc.getConnection(null, cri);
    }

    synchronized void begin(Kind kind) {
        if (active != null) {
            throw new IllegalStateException("a transaction is already active");
        }
        active = kind;
        xid = TestXa.xid();
    }

    synchronized void commit() throws Exception {
        end(true);
    }

    synchronized void rollback() throws Exception {
        end(false);
    }

    private void end(boolean commit) throws Exception {
        try {
            if (enlistedXa != null) {
                enlistedXa.end(xid, commit ? XAResource.TMSUCCESS : XAResource.TMFAIL);
                calls.add("xa-end");
                if (commit) {
                    enlistedXa.prepare(xid);
                    enlistedXa.commit(xid, false);
                    calls.add("xa-commit");
                } else {
                    enlistedXa.rollback(xid);
                    calls.add("xa-rollback");
                }
            } else if (enlistedLocal != null) {
                if (commit) {
                    enlistedLocal.commit();
                    calls.add("local-commit");
                } else {
                    enlistedLocal.rollback();
                    calls.add("local-rollback");
                }
            }
        } finally {
            active = null;
            enlistedXa = null;
            enlistedLocal = null;
            if (!handleOpen && mc != null) {
                cleanup();
            }
        }
    }

    private void cleanup() {
        try {
            mc.cleanup();
            calls.add("cleanup");
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized void close() throws ResourceException {
        if (mc != null) {
            mc.destroy();
        }
    }
}
