package org.rocketjms.jms.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.remoting.protocol.broker.XaBranchId;

/**
 * The client-side XA state machine of {@link JmsXAResource} (association, suspend/resume, protocol and argument
 * errors, recovery scans) with a recording transport in place of the brokers.
 */
class JmsXAResourceTest {

    /** Records every call; answers with {@link #prepareVote} or throws {@link #failWith} once when set. */
    static final class RecordingTransport implements XaTransport {
        final List<String> calls = new ArrayList<>();
        final List<List<ReceivedMessage>> ended = new ArrayList<>();
        int prepareVote = XAResource.XA_OK;
        XAException failWith;
        List<XaBranchId> prepared = new ArrayList<>();
        String rm = "rm-1";
        /** What the broker answers to sends (completed = stored). */
        java.util.concurrent.CompletableFuture<?> sendOutcome = java.util.concurrent.CompletableFuture.completedFuture(null);

        private void call(String c) throws XAException {
            calls.add(c);
            if (failWith != null) {
                XAException e = failWith;
                failWith = null;
                throw e;
            }
        }

        @Override
        public void start(XaBranchId xid, int flags, int timeoutSeconds) throws XAException {
            call("start " + flags + " " + timeoutSeconds);
        }

        @Override
        public void end(XaBranchId xid, int flags, List<ReceivedMessage> consumed) throws XAException {
            ended.add(consumed);
            call("end " + flags);
        }

        @Override
        public int prepare(XaBranchId xid) throws XAException {
            call("prepare");
            return prepareVote;
        }

        @Override
        public void commit(XaBranchId xid, boolean onePhase) throws XAException {
            call("commit " + onePhase);
        }

        @Override
        public void rollback(XaBranchId xid) throws XAException {
            call("rollback");
        }

        @Override
        public void forget(XaBranchId xid) throws XAException {
            call("forget");
        }

        @Override
        public List<XaBranchId> recover() throws XAException {
            call("recover");
            return prepared;
        }

        @Override
        public java.util.concurrent.CompletableFuture<?> send(XaBranchId xid, ProducerCore via, OutgoingMessage m) {
            calls.add("send");
            return sendOutcome;
        }

        @Override
        public String resourceManagerId() {
            return rm;
        }
    }

    final RecordingTransport t = new RecordingTransport();
    final JmsXAResource xa = new JmsXAResource(t);

    private static Xid xid(String g) {
        return new Xid() {
            @Override
            public int getFormatId() {
                return 7;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return g.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] getBranchQualifier() {
                return new byte[] {0, 1, (byte) 0xff};
            }
        };
    }

    private static ReceivedMessage popped(long offset) {
        return new ReceivedMessage("b", "127.0.0.1:1", "g", new WireMessage("T", 0, offset, 0, 0, 0, 1, 0, Map.of(),
                new byte[0], "receipt-" + offset));
    }

    private static int code(Executable call) {
        return assertThrows(XAException.class, call).errorCode;
    }

    @Test
    void startConsumeEndPrepareCommit() throws Exception {
        Xid x = xid("a");
        assertNull(xa.current());
        xa.start(x, XAResource.TMNOFLAGS);
        assertNotNull(xa.current(), "a started branch takes the session's work");
        xa.current().delivered(popped(1));
        xa.current().delivered(popped(2));
        xa.end(x, XAResource.TMSUCCESS);
        assertNull(xa.current());
        assertEquals(2, t.ended.get(0).size(), "the association's consumed messages go to the brokers at end");
        assertEquals(XAResource.XA_OK, xa.prepare(x));
        xa.commit(x, false);
        assertEquals(List.of("start 0 0", "end " + XAResource.TMSUCCESS, "prepare", "commit false"), t.calls);
    }

    @Test
    void endWaitsForTheBranchsPipelinedSends() throws Exception {
        Xid x = xid("pipe");
        xa.start(x, XAResource.TMNOFLAGS);
        java.util.concurrent.CompletableFuture<Object> stored = new java.util.concurrent.CompletableFuture<>();
        t.sendOutcome = stored;
        xa.current().send(null, null); // returns while the broker has not answered
        java.util.concurrent.CompletableFuture<Void> ending = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                xa.end(x, XAResource.TMSUCCESS);
            } catch (XAException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(ending.isDone(), "end returned before the branch's send was stored");
        assertEquals(List.of("start 0 0", "send"), t.calls);
        stored.complete("stored");
        ending.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("start 0 0", "send", "end " + XAResource.TMSUCCESS), t.calls);
    }

    @Test
    void aSendTheBrokerRefusedRollsTheBranchBackAtEnd() throws Exception {
        Xid x = xid("refused");
        xa.start(x, XAResource.TMNOFLAGS);
        t.sendOutcome = java.util.concurrent.CompletableFuture.failedFuture(
                new IllegalStateException("message exceeds maxMessageSize"));
        xa.current().send(null, null);
        xa.current().delivered(popped(5));
        XAException e = assertThrows(XAException.class, () -> xa.end(x, XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBROLLBACK, e.errorCode);
        assertTrue(e.getMessage().contains("maxMessageSize"), e.getMessage());
        assertEquals(List.of("start 0 0", "send", "end " + XAResource.TMFAIL), t.calls,
                "the brokers mark the branch rollback-only");
        assertEquals(1, t.ended.get(0).size(), "its consumed messages go with it (released at rollback)");
        assertNull(xa.current());
    }

    @Test
    void readOnlyPrepareAndOnePhaseCommitPassThrough() throws Exception {
        Xid x = xid("ro");
        xa.start(x, XAResource.TMNOFLAGS);
        xa.end(x, XAResource.TMSUCCESS);
        t.prepareVote = XAResource.XA_RDONLY;
        assertEquals(XAResource.XA_RDONLY, xa.prepare(x));
        Xid y = xid("one");
        xa.start(y, XAResource.TMNOFLAGS);
        xa.end(y, XAResource.TMSUCCESS);
        xa.commit(y, true);
        assertEquals("commit true", t.calls.get(t.calls.size() - 1));
    }

    @Test
    void protocolErrorsOfTheAssociation() throws Exception {
        Xid a = xid("a");
        Xid b = xid("b");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.end(a, XAResource.TMSUCCESS)), "end without start");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.start(a, XAResource.TMRESUME)), "resume of nothing");
        xa.start(a, XAResource.TMNOFLAGS);
        assertEquals(XAException.XAER_PROTO, code(() -> xa.start(b, XAResource.TMNOFLAGS)), "start while associated");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.start(a, XAResource.TMJOIN)), "join while associated");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.end(b, XAResource.TMSUCCESS)), "end of another branch");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.prepare(a)), "prepare while associated");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.commit(a, true)), "commit while associated");
        xa.end(a, XAResource.TMSUSPEND);
        assertEquals(XAException.XAER_PROTO, code(() -> xa.prepare(a)), "prepare while suspended");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.start(a, XAResource.TMNOFLAGS)),
                "a suspended branch is resumed, not started");
        assertEquals(XAException.XAER_PROTO, code(() -> xa.end(a, XAResource.TMSUSPEND)), "suspend twice");
        assertEquals(List.of("start 0 0", "end " + XAResource.TMSUSPEND), t.calls,
                "refused calls never reach the brokers");
    }

    @Test
    void suspendResumeJoinAndEndOfASuspendedBranch() throws Exception {
        Xid a = xid("a");
        xa.start(a, XAResource.TMNOFLAGS);
        xa.current().delivered(popped(1));
        xa.end(a, XAResource.TMSUSPEND);
        assertNull(xa.current(), "a suspended branch takes no work");
        xa.start(a, XAResource.TMRESUME);
        xa.current().delivered(popped(2));
        xa.end(a, XAResource.TMSUSPEND);
        xa.end(a, XAResource.TMSUCCESS);
        assertEquals(1, t.ended.get(0).size());
        assertEquals(1, t.ended.get(1).size(), "each association hands over only its own messages");
        assertEquals(0, t.ended.get(2).size());
        assertEquals(XAException.XAER_PROTO, code(() -> xa.start(a, XAResource.TMRESUME)), "ended, not suspended");
        xa.start(a, XAResource.TMJOIN);
        xa.end(a, XAResource.TMFAIL);
        assertEquals(List.of("start 0 0", "end " + XAResource.TMSUSPEND, "start " + XAResource.TMRESUME + " 0",
                "end " + XAResource.TMSUSPEND, "end " + XAResource.TMSUCCESS, "start " + XAResource.TMJOIN + " 0",
                "end " + XAResource.TMFAIL), t.calls);
    }

    @Test
    void brokerRefusalsKeepTheirCodeAndDissociate() throws Exception {
        Xid a = xid("a");
        t.failWith = JmsXAResource.xa(XAException.XAER_DUPID, "exists", null);
        assertEquals(XAException.XAER_DUPID, code(() -> xa.start(a, XAResource.TMNOFLAGS)));
        assertNull(xa.current(), "a refused start does not associate");
        xa.start(a, XAResource.TMNOFLAGS);
        t.failWith = JmsXAResource.xa(XAException.XA_RBTIMEOUT, "timed out", null);
        assertEquals(XAException.XA_RBTIMEOUT, code(() -> xa.end(a, XAResource.TMSUCCESS)));
        assertNull(xa.current(), "end dissociates even when the branch was rolled back");
        t.failWith = JmsXAResource.xa(XAException.XAER_NOTA, "unknown", null);
        XAException e = assertThrows(XAException.class, () -> xa.prepare(xid("zz")));
        assertEquals(XAException.XAER_NOTA, e.errorCode);
        assertTrue(e.getMessage().contains("XAER_NOTA"), e.getMessage());
        t.failWith = JmsXAResource.xa(XAException.XAER_NOTA, "unknown", null);
        assertEquals(XAException.XAER_NOTA, code(() -> xa.forget(xid("zz"))));
    }

    @Test
    void rollbackOfAnAssociatedBranchEndsItWithTmFailFirst() throws Exception {
        Xid a = xid("a");
        xa.start(a, XAResource.TMNOFLAGS);
        xa.rollback(a);
        assertNull(xa.current());
        assertEquals(List.of("start 0 0", "end " + XAResource.TMFAIL, "rollback"), t.calls);
    }

    @Test
    void invalidArguments() throws Exception {
        assertEquals(XAException.XAER_INVAL, code(() -> xa.start(null, XAResource.TMNOFLAGS)));
        assertEquals(XAException.XAER_INVAL, code(() -> xa.start(xid("a"), XAResource.TMSUCCESS)));
        assertEquals(XAException.XAER_INVAL, code(() -> xa.end(xid("a"), XAResource.TMJOIN)));
        assertEquals(XAException.XAER_INVAL, code(() -> xa.recover(XAResource.TMJOIN)));
        assertEquals(XAException.XAER_INVAL, code(() -> xa.setTransactionTimeout(-1)));
        Xid tooLong = new Xid() {
            @Override
            public int getFormatId() {
                return 1;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return new byte[65];
            }

            @Override
            public byte[] getBranchQualifier() {
                return new byte[1];
            }
        };
        XAException e = assertThrows(XAException.class, () -> xa.prepare(tooLong));
        assertEquals(XAException.XAER_INVAL, e.errorCode);
        assertTrue(e.getMessage().contains("global transaction id"), e.getMessage());
        assertTrue(t.calls.isEmpty());
    }

    @Test
    void timeoutGoesWithTheStart() throws Exception {
        assertEquals(0, xa.getTransactionTimeout());
        assertTrue(xa.setTransactionTimeout(30));
        assertEquals(30, xa.getTransactionTimeout());
        xa.start(xid("a"), XAResource.TMNOFLAGS);
        assertEquals("start 0 30", t.calls.get(0));
    }

    @Test
    void recoveryScan() throws Exception {
        t.prepared = List.of(new XaBranchId(7, new byte[] {1, 2}, new byte[] {3}));
        assertEquals(XAException.XAER_PROTO, code(() -> xa.recover(XAResource.TMNOFLAGS)), "no scan open");
        Xid[] first = xa.recover(XAResource.TMSTARTRSCAN);
        assertEquals(1, first.length);
        assertEquals(7, first[0].getFormatId());
        assertEquals(2, first[0].getGlobalTransactionId().length);
        assertEquals(0, xa.recover(XAResource.TMNOFLAGS).length, "everything came with the start of the scan");
        assertEquals(0, xa.recover(XAResource.TMENDRSCAN).length);
        assertEquals(XAException.XAER_PROTO, code(() -> xa.recover(XAResource.TMNOFLAGS)), "scan closed");
        assertEquals(1, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        xa.commit(first[0], false);
        assertEquals("commit false", t.calls.get(t.calls.size() - 1));
    }

    @Test
    void sameResourceManager() throws Exception {
        RecordingTransport other = new RecordingTransport();
        assertTrue(xa.isSameRM(new JmsXAResource(other)));
        other.rm = "rm-2";
        assertFalse(xa.isSameRM(new JmsXAResource(other)));
        assertFalse(xa.isSameRM(null));
    }

    @Test
    void closingSessionHandsItsWorkToTheBranch() throws Exception {
        Xid a = xid("a");
        xa.start(a, XAResource.TMNOFLAGS);
        xa.current().delivered(popped(5));
        xa.sessionClosing();
        assertNull(xa.current());
        assertEquals(1, t.ended.get(0).size());
        xa.end(a, XAResource.TMSUCCESS); // the transaction manager still ends it
        assertEquals(XAException.XAER_PROTO, code(() -> xa.end(a, XAResource.TMSUCCESS)), "but only once");
        assertEquals(XAResource.XA_OK, xa.prepare(a));
    }

    @Test
    void brokerCodesMapToXaCodes() {
        assertEquals(XAException.XAER_NOTA, BrokerXaTransport.xaCode(40));
        assertEquals(XAException.XAER_PROTO, BrokerXaTransport.xaCode(41));
        assertEquals(XAException.XAER_DUPID, BrokerXaTransport.xaCode(42));
        assertEquals(XAException.XA_RBROLLBACK, BrokerXaTransport.xaCode(43));
        assertEquals(XAException.XA_RBTIMEOUT, BrokerXaTransport.xaCode(44));
        assertEquals(XAException.XAER_INVAL, BrokerXaTransport.xaCode(45));
        assertEquals(XAException.XAER_RMERR, BrokerXaTransport.xaCode(24));
        assertEquals(XAException.XAER_RMFAIL, BrokerXaTransport.xaCode(-1));
    }
}
