package org.rocketjms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TransactionInProgressException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.ra.admin.RaQueue;
import org.rocketjms.ra.outbound.DefaultConnectionManager;
import org.rocketjms.ra.outbound.RocketConnectionRequestInfo;
import org.rocketjms.ra.outbound.RocketManagedConnection;
import org.rocketjms.ra.outbound.RocketManagedConnectionFactory;

/** The outbound SPI contracts against a real broker: pool and matching, events, local and XA transactions, EE rules. */
class OutboundTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    RocketResourceAdapter ra;
    RocketManagedConnectionFactory mcf;
    DefaultConnectionManager cm;
    final List<ManagedConnection> created = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = BrokerSupport.start(dir);
        ra = new RocketResourceAdapter();
        ra.setConnectionURL(broker.url());
        ra.start(null);
        mcf = new RocketManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        cm = new DefaultConnectionManager();
    }

    @AfterEach
    void stop() throws Exception {
        cm.close();
        for (ManagedConnection mc : created) {
            mc.destroy();
        }
        ra.stop();
        broker.close();
    }

    private RocketManagedConnection newManaged(String user) throws Exception {
        RocketManagedConnection mc = (RocketManagedConnection) mcf.createManagedConnection(null,
                new RocketConnectionRequestInfo(user, user == null ? null : "pw"));
        created.add(mc);
        return mc;
    }

    /** Records every event with its type. */
    static final class Events implements ConnectionEventListener {
        final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void connectionClosed(ConnectionEvent e) {
            events.add(e);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent e) {
            events.add(e);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent e) {
            events.add(e);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent e) {
            events.add(e);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent e) {
            events.add(e);
        }

        List<Integer> types() {
            return events.stream().map(ConnectionEvent::getId).toList();
        }
    }

    @Test
    void defaultConnectionManagerSendsAndPoolsTheConnection() throws Exception {
        Object cf = mcf.createConnectionFactory(cm);
        assertInstanceOf(ConnectionFactory.class, cf);
        assertInstanceOf(QueueConnectionFactory.class, cf);
        assertInstanceOf(TopicConnectionFactory.class, cf);
        ConnectionFactory factory = (ConnectionFactory) cf;
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            assertFalse(s.getTransacted(), "outside a transaction a container session is never transacted");
            assertEquals(Session.AUTO_ACKNOWLEDGE, s.getAcknowledgeMode());
            s.createProducer(new RaQueue("out.q")).send(s.createTextMessage("hello"));
        }
        assertEquals(1, cm.idleCount());
        assertEquals(0, cm.inUseCount());
        Message m = BrokerSupport.receive(broker.url(), "out.q", 5000);
        assertEquals("hello", ((TextMessage) m).getText());

        // the second connection reuses the pooled managed connection, and it can receive too
        BrokerSupport.send(broker.url(), "out.q", "back");
        try (Connection c = factory.createConnection()) {
            assertEquals(0, cm.idleCount());
            assertEquals(1, cm.inUseCount());
            c.start();
            Session s = c.createSession();
            MessageConsumer consumer = s.createConsumer(s.createQueue("out.q"));
            assertEquals("back", ((TextMessage) consumer.receive(5000)).getText());
        }
        assertEquals(1, cm.idleCount());
    }

    @Test
    void matchManagedConnectionsComparesCredentialsAndUsability() throws Exception {
        RocketManagedConnection anon = newManaged(null);
        RocketManagedConnection alice = newManaged("alice");
        Set<ManagedConnection> set = new HashSet<>(List.of(anon, alice));
        assertSame(anon, mcf.matchManagedConnections(set, null, new RocketConnectionRequestInfo(null, null)));
        assertSame(alice, mcf.matchManagedConnections(set, null, new RocketConnectionRequestInfo("alice", "pw")));
        assertNull(mcf.matchManagedConnections(set, null, new RocketConnectionRequestInfo("bob", "pw")));
        assertNull(mcf.matchManagedConnections(set, null, new RocketConnectionRequestInfo("alice", "other")));

        RocketManagedConnectionFactory other = new RocketManagedConnectionFactory();
        other.setResourceAdapter(ra);
        other.setClientID("different");
        assertNull(other.matchManagedConnections(set, null, null), "another configuration never matches");

        anon.destroy();
        assertTrue(anon.isDestroyed());
        assertNull(mcf.matchManagedConnections(set, null, new RocketConnectionRequestInfo(null, null)),
                "a destroyed connection is never matched");
    }

    @Test
    void mcfEqualityFollowsConfiguration() throws Exception {
        RocketManagedConnectionFactory a = new RocketManagedConnectionFactory();
        RocketManagedConnectionFactory b = new RocketManagedConnectionFactory();
        a.setResourceAdapter(ra);
        b.setResourceAdapter(ra);
        a.setPrefetch(8);
        b.setPrefetch(8);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setSendTimeout(1000L);
        assertFalse(a.equals(b));
        assertEquals(broker.url(), a.settings(null).url(), "unset URL comes from the resource adapter");
    }

    @Test
    void closingAHandleSendsConnectionClosedWithTheHandle() throws Exception {
        RocketManagedConnection mc = newManaged(null);
        Events events = new Events();
        mc.addConnectionEventListener(events);
        Connection handle = (Connection) mc.getConnection(null, null);
        handle.close();
        handle.close();
        assertEquals(List.of(ConnectionEvent.CONNECTION_CLOSED), events.types(), "exactly one event");
        assertSame(handle, events.events.get(0).getConnectionHandle());
        assertThrows(jakarta.jms.IllegalStateException.class, handle::createSession);
    }

    @Test
    void localTransactionEventsAndOutcome() throws Exception {
        RocketManagedConnection mc = newManaged(null);
        Events events = new Events();
        mc.addConnectionEventListener(events);
        LocalTransaction tx = mc.getLocalTransaction();
        tx.begin();
        Connection handle = (Connection) mc.getConnection(null, null);
        Session s = handle.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertTrue(s.getTransacted(), "the session takes part in the container's local transaction");
        assertThrows(TransactionInProgressException.class, s::commit);
        assertThrows(TransactionInProgressException.class, s::rollback);
        Queue q = s.createQueue("local.q");
        s.createProducer(q).send(s.createTextMessage("committed"));
        assertNull(BrokerSupport.receive(broker.url(), "local.q", 500), "invisible before commit");
        tx.commit();
        assertEquals("committed", ((TextMessage) BrokerSupport.receive(broker.url(), "local.q", 5000)).getText());
        handle.close();

        tx.begin();
        handle = (Connection) mc.getConnection(null, null);
        s = handle.createSession();
        s.createProducer(q).send(s.createTextMessage("rolled back"));
        tx.rollback();
        handle.close();
        assertNull(BrokerSupport.receive(broker.url(), "local.q", 1000), "a rolled back send is never delivered");
        assertEquals(List.of(ConnectionEvent.LOCAL_TRANSACTION_STARTED, ConnectionEvent.LOCAL_TRANSACTION_COMMITTED,
                ConnectionEvent.CONNECTION_CLOSED, ConnectionEvent.LOCAL_TRANSACTION_STARTED,
                ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, ConnectionEvent.CONNECTION_CLOSED), events.types());
        assertThrows(jakarta.resource.spi.LocalTransactionException.class, tx::commit, "nothing active");
    }

    @Test
    void withoutXaClientTheManagedConnectionRefusesXa() throws Exception {
        ra.setPhysicalFactories(new PhysicalFactories() {
            @Override
            public ConnectionFactory factory(RaSettings settings) {
                return PhysicalFactories.DEFAULT.factory(settings);
            }

            @Override
            public boolean supportsXa() {
                return false;
            }

            @Override
            public jakarta.jms.XAConnectionFactory xaFactory(RaSettings settings) throws jakarta.jms.JMSException {
                throw new jakarta.jms.JMSException("no XA in this test");
            }
        });
        assertEquals(jakarta.resource.spi.TransactionSupport.TransactionSupportLevel.LocalTransaction,
                mcf.getTransactionSupport());
        RocketManagedConnection mc = newManaged(null);
        assertThrows(NotSupportedException.class, mc::getXAResource);
        assertEquals(0, ra.getXAResources(new jakarta.resource.spi.ActivationSpec[0]).length);
    }

    @Test
    void xaEnlistedSessionIsPartOfTheGlobalTransaction() throws Exception {
        TestXa xa = new TestXa();
        ra.setPhysicalFactories(xa);
        assertEquals(jakarta.resource.spi.TransactionSupport.TransactionSupportLevel.XATransaction,
                mcf.getTransactionSupport());
        RocketManagedConnection mc = newManaged(null);
        Events events = new Events();
        mc.addConnectionEventListener(events);
        XAResource xar = mc.getXAResource();
        Xid xid = TestXa.xid();
        xar.start(xid, XAResource.TMNOFLAGS);
        Connection handle = (Connection) mc.getConnection(null, null);
        Session s = handle.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertTrue(s.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, s.getAcknowledgeMode());
        assertThrows(TransactionInProgressException.class, s::commit);
        s.createProducer(s.createQueue("xa.q")).send(s.createTextMessage("in xa"));
        handle.close();
        xar.end(xid, XAResource.TMSUCCESS);
        assertNull(BrokerSupport.receive(broker.url(), "xa.q", 500), "invisible before the branch commits");
        assertEquals(XAResource.XA_OK, xar.prepare(xid));
        xar.commit(xid, false);
        assertEquals("in xa", ((TextMessage) BrokerSupport.receive(broker.url(), "xa.q", 5000)).getText());

        Xid second = TestXa.xid();
        xar.start(second, XAResource.TMNOFLAGS);
        handle = (Connection) mc.getConnection(null, null);
        s = handle.createSession();
        s.createProducer(s.createQueue("xa.q")).send(s.createTextMessage("xa rolled back"));
        handle.close();
        xar.end(second, XAResource.TMFAIL);
        xar.rollback(second);
        assertNull(BrokerSupport.receive(broker.url(), "xa.q", 1000));

        // after the branch ended, a new handle's session is non-transacted again
        handle = (Connection) mc.getConnection(null, null);
        assertFalse(handle.createSession().getTransacted());
        handle.close();

        assertEquals(List.of("start", "end", "prepare", "commit", "start", "end", "rollback"),
                xa.resources.get(0).calls);
        assertEquals(List.of(ConnectionEvent.CONNECTION_CLOSED, ConnectionEvent.CONNECTION_CLOSED,
                ConnectionEvent.CONNECTION_CLOSED), events.types(), "XA sends no local-transaction events");
        assertThrows(jakarta.resource.spi.LocalTransactionException.class, () -> {
            xar.start(TestXa.xid(), XAResource.TMNOFLAGS);
            mc.getLocalTransaction().begin();
        }, "a local transaction cannot begin while an XA branch is active");
    }

    @Test
    void providerXaFactoryCommitsAndRollsBackTheEnlistedSession() throws Exception {
        // the default physical factories are the provider's RocketXAConnectionFactory
        RocketManagedConnection mc = newManaged(null);
        XAResource xar = mc.getXAResource();
        Xid xid = TestXa.xid();
        xar.start(xid, XAResource.TMNOFLAGS);
        Connection handle = (Connection) mc.getConnection(null, null);
        Session s = handle.createSession();
        assertTrue(s.getTransacted());
        s.createProducer(s.createQueue("pxa.q")).send(s.createTextMessage("two-phase"));
        handle.close();
        xar.end(xid, XAResource.TMSUCCESS);
        assertNull(BrokerSupport.receive(broker.url(), "pxa.q", 500), "invisible before commit");
        assertEquals(XAResource.XA_OK, xar.prepare(xid));
        xar.commit(xid, false);
        assertEquals("two-phase", ((TextMessage) BrokerSupport.receive(broker.url(), "pxa.q", 5000)).getText());

        Xid rolledBack = TestXa.xid();
        xar.start(rolledBack, XAResource.TMNOFLAGS);
        handle = (Connection) mc.getConnection(null, null);
        s = handle.createSession();
        s.createProducer(s.createQueue("pxa.q")).send(s.createTextMessage("never"));
        handle.close();
        xar.end(rolledBack, XAResource.TMSUCCESS);
        xar.rollback(rolledBack);
        assertNull(BrokerSupport.receive(broker.url(), "pxa.q", 1000));

        // a prepared branch is listed by a recovery resource of the resource adapter
        Xid prepared = TestXa.xid();
        xar.start(prepared, XAResource.TMNOFLAGS);
        handle = (Connection) mc.getConnection(null, null);
        s = handle.createSession();
        s.createProducer(s.createQueue("pxa.q")).send(s.createTextMessage("recovered"));
        handle.close();
        xar.end(prepared, XAResource.TMSUCCESS);
        xar.prepare(prepared);
        org.rocketjms.ra.inbound.RocketActivationSpec spec = new org.rocketjms.ra.inbound.RocketActivationSpec();
        spec.setDestination("pxa.q");
        XAResource recovery = ra.getXAResources(new jakarta.resource.spi.ActivationSpec[] {spec})[0];
        Xid[] found = recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        Xid match = null;
        for (Xid x : found) {
            if (java.util.Arrays.equals(x.getGlobalTransactionId(), prepared.getGlobalTransactionId())) {
                match = x;
            }
        }
        assertNotNull(match, "the prepared branch is recovered");
        recovery.commit(match, false);
        assertEquals("recovered", ((TextMessage) BrokerSupport.receive(broker.url(), "pxa.q", 5000)).getText());
    }

    @Test
    void recoveryXaResourcesComeFromActivationSpecs() throws Exception {
        TestXa xa = new TestXa();
        ra.setPhysicalFactories(xa);
        org.rocketjms.ra.inbound.RocketActivationSpec spec = new org.rocketjms.ra.inbound.RocketActivationSpec();
        spec.setDestination("q");
        XAResource[] rs = ra.getXAResources(new jakarta.resource.spi.ActivationSpec[] {spec, spec});
        assertEquals(1, rs.length, "one resource per distinct connection setting");
        Xid[] xids = rs[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertEquals(1, xids.length);
        assertEquals(List.of("recover"), xa.resources.get(0).calls);
    }

    @Test
    void methodsForbiddenInTheContainerThrow() throws Exception {
        RocketManagedConnection mc = newManaged(null);
        Connection c = (Connection) mc.getConnection(null, null);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.setClientID("x"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.setExceptionListener(e -> { }));
        assertThrows(jakarta.jms.IllegalStateException.class, c::stop);
        assertThrows(jakarta.jms.IllegalStateException.class,
                () -> c.createConnectionConsumer(new RaQueue("q"), null, null, 1));
        assertThrows(jakarta.jms.IllegalStateException.class,
                () -> c.createSharedDurableConnectionConsumer(null, "s", null, null, 1));
        c.start();
        Session s = c.createSession();
        assertThrows(jakarta.jms.IllegalStateException.class, c::createSession, "one session per connection");
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.setMessageListener(m -> { }));
        assertThrows(jakarta.jms.IllegalStateException.class, s::getMessageListener);
        assertThrows(IllegalStateRuntimeException.class, s::run);
        MessageConsumer consumer = s.createConsumer(s.createQueue("forbidden.q"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> consumer.setMessageListener(m -> { }));
        assertThrows(jakarta.jms.IllegalStateException.class, s::commit, "non-transacted session");
        s.close();
        Session again = c.createSession();
        assertNotNull(again, "after closing the first session a new one may be made");
        c.close();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> again.createTextMessage("x"));
    }

    @Test
    void cleanupInvalidatesHandlesAndClosesTheirConsumers() throws Exception {
        RocketManagedConnection mc = newManaged(null);
        Connection c = (Connection) mc.getConnection(null, null);
        c.start();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(s.createQueue("cleanup.q"));
        mc.cleanup();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> consumer.receive(10),
                "the consumer was closed by cleanup");
        assertThrows(jakarta.jms.IllegalStateException.class, c::createSession);
        // the managed connection still works for the next handle, and a message sent now is not taken by the
        // consumer cleanup closed
        BrokerSupport.send(broker.url(), "cleanup.q", "after cleanup");
        Connection next = (Connection) mc.getConnection(null, null);
        next.start();
        Session ns = next.createSession();
        assertEquals("after cleanup",
                ((TextMessage) ns.createConsumer(ns.createQueue("cleanup.q")).receive(5000)).getText());
        assertNotSame(c, next);
        next.close();
    }

    @Test
    void brokerLossRaisesConnectionErrorOccurred() throws Exception {
        RocketManagedConnection mc = newManaged(null);
        Events events = new Events();
        mc.addConnectionEventListener(events);
        broker.close();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!events.types().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(List.of(ConnectionEvent.CONNECTION_ERROR_OCCURRED), events.types());
        assertNotNull(events.events.get(0).getException());
        Set<ManagedConnection> set = new HashSet<>(List.of(mc));
        assertNull(mcf.matchManagedConnections(set, null, null), "a broken connection is not matched again");
        broker = BrokerSupport.start(dir.resolve("again"));
    }
}
