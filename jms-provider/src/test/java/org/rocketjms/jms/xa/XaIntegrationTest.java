package org.rocketjms.jms.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.jms.RocketXAConnectionFactory;
import org.rocketjms.jms.client.RouteProbe;

/** XA through the public API (XAConnectionFactory, XASession, XAResource, XAJMSContext) against an EmbeddedBroker. */
class XaIntegrationTest {
    @TempDir
    Path dir;
    EmbeddedBroker broker;
    RocketXAConnectionFactory factory;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024))
                .set("transactionCheckIntervalMillis", "200").build().start();
        factory = new RocketXAConnectionFactory(broker.url());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(getClass()).debug("cleanup", e);
            }
        }
        broker.close();
    }

    /** Replaces the test's broker by one on a fresh data directory {@code name} with these extra broker keys. */
    private void restartBroker(String name, String... keysAndValues) {
        broker.close();
        EmbeddedBroker.Builder b = EmbeddedBroker.builder().dataDir(dir.resolve(name)).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.set(keysAndValues[i], keysAndValues[i + 1]);
        }
        broker = b.build().start();
        factory = new RocketXAConnectionFactory(broker.url());
    }

    private XAConnection xaConnection() throws Exception {
        XAConnection c = factory.createXAConnection();
        closeables.add(c);
        c.start();
        return c;
    }

    private Connection plain() throws Exception {
        Connection c = factory.createConnection();
        closeables.add(c);
        c.start();
        return c;
    }

    private void put(String queue, String... texts) throws Exception {
        Session s = plain().createSession(false, Session.AUTO_ACKNOWLEDGE);
        for (String t : texts) {
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(t));
        }
        s.close();
    }

    /** Receives everything available on {@code queue} (AUTO_ACKNOWLEDGE) until {@code quietMillis} pass without one. */
    private List<String> drain(String queue, long firstWait, long quietMillis) throws Exception {
        Session s = plain().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(s.createQueue(queue));
        List<String> out = new ArrayList<>();
        long wait = firstWait;
        while (true) {
            TextMessage m = (TextMessage) c.receive(wait);
            if (m == null) {
                break;
            }
            out.add(m.getText());
            wait = quietMillis;
        }
        s.close();
        return out;
    }

    private static int code(XAException e) {
        return e.errorCode;
    }

    @Test
    void twoPhaseCommitDeliversSendsAndRemovesAckedMessages() throws Exception {
        put("xa-in", "request");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer in = s.createConsumer(s.createQueue("xa-in"));
        Queue out = s.createQueue("xa-out");
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        TextMessage req = (TextMessage) in.receive(5000);
        assertEquals("request", req.getText());
        s.createProducer(out).send(s.createTextMessage("reply"));
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertEquals(List.of(), drain("xa-out", 500, 200), "a prepared send is invisible");
        xa.commit(xid, false);
        assertEquals(List.of("reply"), drain("xa-out", 5000, 300));
        in.close();
        s.close();
        assertEquals(List.of(), drain("xa-in", 1000, 300), "the committed consumption is acknowledged");
    }

    private void rollbackCase(boolean prepareFirst, String q) throws Exception {
        put(q + "-in", "request");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer in = s.createConsumer(s.createQueue(q + "-in"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        Message first = in.receive(5000);
        assertNotNull(first);
        assertFalse(first.getJMSRedelivered());
        s.createProducer(s.createQueue(q + "-out")).send(s.createTextMessage("reply"));
        xa.end(xid, XAResource.TMSUCCESS);
        in.close(); // closing the consumer leaves the branch's consumed message with the branch
        if (prepareFirst) {
            assertEquals(XAResource.XA_OK, xa.prepare(xid));
        }
        Session probe = plain().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertNull(probe.createConsumer(probe.createQueue(q + "-in")).receive(700),
                "the branch's consumed message stays invisible until the branch completes");
        probe.close();
        xa.rollback(xid);
        assertEquals(List.of(), drain(q + "-out", 1000, 200), "a rolled back send never becomes visible");
        Session other = plain().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage again = (TextMessage) other.createConsumer(other.createQueue(q + "-in")).receive(5000);
        assertNotNull(again, "the rolled back consumption is available again");
        assertEquals("request", again.getText());
        assertTrue(again.getJMSRedelivered());
        // >= 2, not 2: a pop parked for the closed probe may have taken and given back the message once more
        assertTrue(again.getIntProperty("JMSXDeliveryCount") >= 2);
        XAException gone = assertThrows(XAException.class, () -> xa.commit(xid, false));
        assertEquals(XAException.XAER_NOTA, code(gone));
    }

    @Test
    void rollbackBeforePrepareDeliversNothingAndRedelivers() throws Exception {
        rollbackCase(false, "xarb");
    }

    @Test
    void rollbackAfterPrepareDeliversNothingAndRedelivers() throws Exception {
        rollbackCase(true, "xarp");
    }

    @Test
    void emptyBranchPreparesReadOnlyAndIsForgotten() throws Exception {
        XAResource xa = xaConnection().createXASession().getXAResource();
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, xa.prepare(xid));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.commit(xid, false))));
    }

    @Test
    void onePhaseCommitPublishesAndAcks() throws Exception {
        put("xa1-in", "a");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer in = s.createConsumer(s.createQueue("xa1-in"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        assertNotNull(in.receive(5000));
        s.createProducer(s.createQueue("xa1-out")).send(s.createTextMessage("b"));
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_PROTO, code(assertThrows(XAException.class, () -> xa.commit(xid, false))),
                "two-phase commit of an unprepared branch is a protocol error");
        xa.commit(xid, true);
        assertEquals(List.of("b"), drain("xa1-out", 5000, 300));
        in.close();
        assertEquals(List.of(), drain("xa1-in", 1000, 300));
    }

    @Test
    void branchOfSeveralSendsAndReceivesIsAllOrNothing() throws Exception {
        put("xam-in", "1", "2", "3");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer in = s.createConsumer(s.createQueue("xam-in"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            got.add(((TextMessage) in.receive(5000)).getText());
            s.createProducer(s.createQueue("xam-out")).send(s.createTextMessage("out-" + i));
        }
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        xa.commit(xid, false);
        in.close();
        s.close();
        assertEquals(List.of("out-0", "out-1"), drain("xam-out", 5000, 300));
        List<String> rest = drain("xam-in", 5000, 300);
        assertEquals(1, rest.size(), "only the message not consumed in the branch is left: " + rest);
        assertFalse(got.contains(rest.get(0)));
    }

    @Test
    void xaSessionOutsideABranchIsNonTransactedAutoAck() throws Exception {
        put("xao-in", "x");
        XASession s = xaConnection().createXASession();
        assertTrue(s.getTransacted(), "XASession.getTransacted() is true per the JMS specification");
        assertThrows(TransactionInProgressException.class, s::commit);
        assertThrows(TransactionInProgressException.class, s::rollback);
        s.createProducer(s.createQueue("xao-out")).send(s.createTextMessage("now"));
        assertEquals(List.of("now"), drain("xao-out", 5000, 200), "a send outside a branch is visible at once");
        MessageConsumer in = s.createConsumer(s.createQueue("xao-in"));
        assertEquals("x", ((TextMessage) in.receive(5000)).getText());
        in.close();
        s.close();
        assertEquals(List.of(), drain("xao-in", 1000, 200), "a receive outside a branch is acknowledged");
    }

    @Test
    void xaJmsContextSendsAndReceivesInTheBranch() throws Exception {
        put("xac-in", "in");
        XAJMSContext ctx = factory.createXAContext();
        closeables.add(ctx);
        assertTrue(ctx.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, ctx.getSessionMode());
        assertThrows(TransactionInProgressRuntimeException.class, ctx::commit);
        assertThrows(TransactionInProgressRuntimeException.class, ctx::rollback);
        XAResource xa = ctx.getXAResource();
        JMSConsumer consumer = ctx.createConsumer(ctx.createQueue("xac-in"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        assertEquals("in", consumer.receiveBody(String.class, 5000));
        ctx.createProducer().send(ctx.createQueue("xac-out"), "out");
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertEquals(List.of(), drain("xac-out", 300, 100));
        xa.commit(xid, false);
        assertEquals(List.of("out"), drain("xac-out", 5000, 300));
        consumer.close();
        assertEquals(List.of(), drain("xac-in", 1000, 200));
        assertTrue(ctx.getContext() == ctx);
    }

    @Test
    void twoSessionsJoinOneBranch() throws Exception {
        XAConnection c1 = xaConnection();
        XAConnection c2 = xaConnection();
        XASession s1 = c1.createXASession();
        XASession s2 = c2.createXASession();
        XAResource r1 = s1.getXAResource();
        XAResource r2 = s2.getXAResource();
        assertTrue(r1.isSameRM(r2), "two resources of one cluster are the same resource manager");
        Xid xid = TestXid.next();
        r1.start(xid, XAResource.TMNOFLAGS);
        r2.start(xid, XAResource.TMJOIN);
        s1.createProducer(s1.createQueue("xaj")).send(s1.createTextMessage("from-1"));
        s2.createProducer(s2.createQueue("xaj")).send(s2.createTextMessage("from-2"));
        r1.end(xid, XAResource.TMSUCCESS);
        r2.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r2.prepare(xid));
        r1.commit(xid, false);
        List<String> got = drain("xaj", 5000, 300);
        got.sort(null);
        assertEquals(List.of("from-1", "from-2"), got);
        XAException dup = assertThrows(XAException.class, () -> {
            Xid again = TestXid.next();
            r1.start(again, XAResource.TMNOFLAGS);
            r1.end(again, XAResource.TMSUCCESS);
            r2.start(again, XAResource.TMNOFLAGS);
        });
        assertEquals(XAException.XAER_DUPID, code(dup));
        XAException nota = assertThrows(XAException.class, () -> r2.start(TestXid.next(), XAResource.TMJOIN));
        assertEquals(XAException.XAER_NOTA, code(nota));
    }

    @Test
    void recoverListsPreparedBranchesOnly() throws Exception {
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        TestXid prepared = TestXid.next();
        TestXid active = TestXid.next();
        xa.start(prepared, XAResource.TMNOFLAGS);
        s.createProducer(s.createQueue("xarec")).send(s.createTextMessage("p"));
        xa.end(prepared, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(prepared));
        xa.start(active, XAResource.TMNOFLAGS);
        s.createProducer(s.createQueue("xarec")).send(s.createTextMessage("a"));
        xa.end(active, XAResource.TMSUCCESS);
        XAResource other = xaConnection().createXASession().getXAResource();
        Xid[] found = other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertEquals(1, found.length, Arrays.toString(found));
        assertTrue(prepared.sameAs(found[0]));
        assertEquals(0, other.recover(XAResource.TMENDRSCAN).length);
        other.rollback(found[0]);
        xa.rollback(active);
        assertEquals(0, other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        assertEquals(List.of(), drain("xarec", 1000, 200));
    }

    @Test
    void suspendResumeAndFail() throws Exception {
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        s.createProducer(s.createQueue("xas")).send(s.createTextMessage("in-branch"));
        xa.end(xid, XAResource.TMSUSPEND);
        s.createProducer(s.createQueue("xas")).send(s.createTextMessage("outside"));
        assertEquals(List.of("outside"), drain("xas", 5000, 300), "while suspended the session works outside it");
        xa.start(xid, XAResource.TMRESUME);
        s.createProducer(s.createQueue("xas")).send(s.createTextMessage("resumed"));
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        xa.commit(xid, false);
        List<String> got = drain("xas", 5000, 300);
        got.sort(null);
        assertEquals(List.of("in-branch", "resumed"), got);

        Xid failed = TestXid.next();
        xa.start(failed, XAResource.TMNOFLAGS);
        s.createProducer(s.createQueue("xas")).send(s.createTextMessage("doomed"));
        xa.end(failed, XAResource.TMFAIL);
        assertEquals(XAException.XA_RBROLLBACK, code(assertThrows(XAException.class, () -> xa.prepare(failed))));
        assertEquals(List.of(), drain("xas", 1000, 200));
    }

    @Test
    void branchTimeoutRollsBackAndReportsRbTimeout() throws Exception {
        put("xat-in", "m");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        assertTrue(xa.setTransactionTimeout(1));
        assertEquals(1, xa.getTransactionTimeout());
        MessageConsumer in = s.createConsumer(s.createQueue("xat-in"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        assertNotNull(in.receive(5000));
        s.createProducer(s.createQueue("xat-out")).send(s.createTextMessage("late"));
        Thread.sleep(1800);
        XAException e = assertThrows(XAException.class, () -> xa.end(xid, XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBTIMEOUT, code(e), e.getMessage());
        in.close();
        assertEquals(List.of(), drain("xat-out", 1000, 200));
        assertEquals(List.of("m"), drain("xat-in", 5000, 300), "the consumed message is available again");
    }

    @Test
    void unknownXidAndBadArguments() throws Exception {
        XAResource xa = xaConnection().createXASession().getXAResource();
        Xid unknown = TestXid.next();
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.prepare(unknown))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.commit(unknown, true))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.rollback(unknown))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.forget(unknown))));
        assertEquals(XAException.XAER_INVAL, code(assertThrows(XAException.class, () -> xa.start(null,
                XAResource.TMNOFLAGS))));
        assertEquals(XAException.XAER_INVAL, code(assertThrows(XAException.class,
                () -> xa.start(new TestXid(1, new byte[65], new byte[1]), XAResource.TMNOFLAGS))));
        RocketConnectionFactory plainUse = factory;
        Connection c = plainUse.createConnection();
        closeables.add(c);
        assertFalse(c instanceof XAConnection, "createConnection of the XA factory gives a plain connection");
    }
    @Test
    void branchStartedInsideOnMessageOwnsTheDeliveredMessage() throws Exception {
        put("xal-in", "one", "two");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        jakarta.jms.MessageProducer replies = s.createProducer(s.createQueue("xal-out"));
        java.util.concurrent.BlockingQueue<Object> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        MessageConsumer in = s.createConsumer(s.createQueue("xal-in"));
        in.setMessageListener(m -> {
            // what a resource adapter does around an MDB: beforeDelivery starts, afterDelivery ends and completes
            Xid xid = TestXid.next();
            try {
                xa.start(xid, XAResource.TMNOFLAGS);
                String text = ((TextMessage) m).getText();
                replies.send(s.createTextMessage("re-" + text));
                xa.end(xid, XAResource.TMSUCCESS);
                if (n.incrementAndGet() == 1) {
                    xa.rollback(xid); // the first delivery fails: its message must come back
                } else {
                    assertEquals(XAResource.XA_OK, xa.prepare(xid));
                    xa.commit(xid, false);
                }
                outcomes.add(text + (n.get() == 1 ? ":rolledback" : ":committed") + ":" + m.getJMSRedelivered());
            } catch (Exception e) {
                outcomes.add(e);
            }
        });
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Object o = outcomes.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(o, "deliveries so far: " + seen);
            if (o instanceof Exception e) {
                throw e;
            }
            seen.add(o);
        }
        in.close();
        s.close();
        String first = ((String) seen.get(0)).split(":")[0];
        assertTrue(seen.contains(first + ":committed:true"), "the rolled back message was redelivered: " + seen);
        List<String> out = drain("xal-out", 5000, 300);
        out.sort(null);
        assertEquals(List.of("re-one", "re-two"), out);
        assertEquals(List.of(), drain("xal-in", 1000, 200), "both messages were consumed by committed branches");
    }

    @Test
    void aCommitFillingAQueueAboveItsLimitIsHeldByFlowControlUntilAConsumerMakesRoom() throws Exception {
        restartBroker("fc", "maxDestinationBacklog", "3", "flowControlMaxHoldMillis", "20000");
        put("xa-fc", "m0", "m1", "m2"); // at the limit
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        s.createProducer(s.createQueue("xa-fc")).send(s.createTextMessage("x"));
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
            try {
                xa.commit(xid, false);
            } catch (XAException e) {
                throw new IllegalStateException("XA commit failed with " + e.errorCode, e);
            }
        });
        assertThrows(TimeoutException.class, () -> commit.get(700, TimeUnit.MILLISECONDS),
                "the commit returned although it filled the queue above its limit");
        assertEquals(4, broker.brokerController().destinationBacklog("%Q%xa-fc"), "published while the answer waits");
        assertEquals(1, broker.brokerController().getFlowControl().heldAnswers());
        Session c = plain().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertEquals("m0", ((TextMessage) c.createConsumer(c.createQueue("xa-fc")).receive(5000)).getText());
        commit.get(4, TimeUnit.SECONDS);
        c.close(); // (may release messages its consumer had fetched: they come again after x)
        List<String> rest = drain("xa-fc", 5000, 300);
        rest.sort(null);
        assertEquals(List.of("m1", "m2", "x"), rest);
    }

    /** The transaction manager may commit other resources on the strength of a prepare: it is forced, whatever the flush type. */
    @Test
    void aPrepareIsOnDiskBeforeItsAnswerUnderAsyncFlushToo() throws Exception {
        restartBroker("async", "flushDiskType", "ASYNC_FLUSH", "flushIntervalCommitLog", "600000",
                "flushCommitLogThoroughInterval", "600000");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        s.createProducer(s.createQueue("xa-async")).send(s.createTextMessage("x"));
        xa.end(xid, XAResource.TMSUCCESS);
        org.rocketjms.store.DefaultMessageStore store =
                (org.rocketjms.store.DefaultMessageStore) broker.brokerController().getMessageStore();
        long beforePrepare = store.getMaxPhyOffset();
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        long flushed = store.getCommitLog().getFlushedWhere();
        assertTrue(flushed > beforePrepare, "forced to " + flushed + ", the prepare record starts at or after "
                + beforePrepare);
        xa.commit(xid, false);
        assertEquals(List.of("x"), drain("xa-async", 5000, 300));
    }

    @Test
    void aBranchsSendsArePipelinedAndAllPublishedInOrderAtCommit() throws Exception {
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        jakarta.jms.MessageProducer p = s.createProducer(s.createQueue("xa-pipe"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            p.send(s.createTextMessage("m" + i));
            sent.add("m" + i);
        }
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(List.of(), drain("xa-pipe", 300, 100), "nothing is visible before the commit");
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        xa.commit(xid, false);
        assertEquals(sent, drain("xa-pipe", 5000, 300));
    }

    @Test
    void aSendTheBrokerRefusesAfterReturningFailsTheBranchAtEnd() throws Exception {
        // the refused send must be pipelined: it is only while the producer has a real route (CI once lost that race)
        put("xa-refused", "warm-up");
        assertEquals(List.of("warm-up"), drain("xa-refused", 5000, 300));
        RouteProbe.awaitRouteOf(broker.url(), "xa-refused");
        XASession s = xaConnection().createXASession();
        XAResource xa = s.getXAResource();
        jakarta.jms.MessageProducer p = s.createProducer(s.createQueue("xa-refused"));
        Xid xid = TestXid.next();
        xa.start(xid, XAResource.TMNOFLAGS);
        p.send(s.createTextMessage("before")); // a producer's first send goes alone (it picks the queue)
        jakarta.jms.BytesMessage big = s.createBytesMessage();
        big.writeBytes(new byte[5 * 1024 * 1024]); // above the broker's maxMessageSize (4 MiB): refused
        p.send(big); // pipelined: returns before the broker's answer
        p.send(s.createTextMessage("after"));
        XAException e = assertThrows(XAException.class, () -> xa.end(xid, XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBROLLBACK, code(e));
        assertTrue(e.getMessage().contains("maxMessageSize"), e.getMessage());
        xa.rollback(xid);
        assertEquals(List.of(), drain("xa-refused", 1000, 300), "nothing of the failed branch is visible");
    }
}
