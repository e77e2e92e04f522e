package org.rocketjms.ra;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * Test stand-in for an XA-capable client: XA connections over real RocketJMS connections whose XA session is a
 * transacted session and whose {@link XAResource} ({@link RecordingXAResource}) commits or rolls that session back
 * at commit/rollback and records every call. It lets the resource adapter's XA plumbing be tested before the
 * provider's own XA factory exists; it is not a two-phase implementation.
 */
public final class TestXa implements PhysicalFactories {
    /** Every XA resource handed out, in order. */
    public final List<RecordingXAResource> resources = new CopyOnWriteArrayList<>();

    @Override
    public ConnectionFactory factory(RaSettings settings) {
        return PhysicalFactories.DEFAULT.factory(settings);
    }

    @Override
    public boolean supportsXa() {
        return true;
    }

    @Override
    public XAConnectionFactory xaFactory(RaSettings settings) {
        ConnectionFactory real = factory(settings);
        return new XAConnectionFactory() {
            @Override
            public XAConnection createXAConnection() throws JMSException {
                return wrap(real.createConnection());
            }

            @Override
            public XAConnection createXAConnection(String user, String password) throws JMSException {
                return wrap(real.createConnection(user, password));
            }

            @Override
            public XAJMSContext createXAContext() {
                throw new UnsupportedOperationException("not needed by the tests");
            }

            @Override
            public XAJMSContext createXAContext(String user, String password) {
                throw new UnsupportedOperationException("not needed by the tests");
            }
        };
    }

    private XAConnection wrap(Connection c) {
        return (XAConnection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {XAConnection.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("createXASession")) {
                        return xaSession(c.createSession(true, Session.SESSION_TRANSACTED));
                    }
                    try {
                        return Connection.class.getMethod(m.getName(), m.getParameterTypes()).invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private XASession xaSession(Session s) {
        RecordingXAResource r = new RecordingXAResource(s);
        resources.add(r);
        return (XASession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {XASession.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getXAResource" -> r;
                    case "getSession" -> s;
                    case "commit", "rollback" -> throw new TransactionInProgressException("XA session");
                    default -> {
                        try {
                            yield Session.class.getMethod(m.getName(), m.getParameterTypes()).invoke(s, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    /** Records the calls; commit/rollback commit/roll back the transacted session underneath. */
    public static final class RecordingXAResource implements XAResource {
        private final Session session;
        /** Calls in order, e.g. {@code start}, {@code end}, {@code commit}. */
        public final List<String> calls = new CopyOnWriteArrayList<>();

        RecordingXAResource(Session session) {
            this.session = session;
        }

        private XAException fail(Exception e) {
            XAException x = new XAException(XAException.XAER_RMERR);
            x.initCause(e);
            return x;
        }

        @Override
        public void start(Xid xid, int flags) {
            calls.add("start");
        }

        @Override
        public void end(Xid xid, int flags) {
            calls.add("end");
        }

        @Override
        public int prepare(Xid xid) {
            calls.add("prepare");
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            calls.add("commit");
            try {
                session.commit();
            } catch (JMSException e) {
                throw fail(e);
            }
        }

        @Override
        public void rollback(Xid xid) throws XAException {
            calls.add("rollback");
            try {
                session.rollback();
            } catch (JMSException e) {
                throw fail(e);
            }
        }

        @Override
        public void forget(Xid xid) {
            calls.add("forget");
        }

        @Override
        public Xid[] recover(int flag) {
            calls.add("recover");
            return new Xid[] {xid(42)};
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other == this;
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A fresh Xid. */
    public static Xid xid() {
        return xid(SEQ.incrementAndGet());
    }

    static Xid xid(int n) {
        byte[] gtrid = ("gtrid-" + n).getBytes(StandardCharsets.US_ASCII);
        byte[] bqual = ("bqual-" + n).getBytes(StandardCharsets.US_ASCII);
        return new Xid() {
            @Override
            public int getFormatId() {
                return 0x524a;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return gtrid.clone();
            }

            @Override
            public byte[] getBranchQualifier() {
                return bqual.clone();
            }
        };
    }
}
