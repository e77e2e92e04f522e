package org.rocketjms.jms.impl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;

import jakarta.jms.JMSException;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.OutgoingMessage;
import org.rocketjms.jms.client.ProducerCore;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.jms.client.XaCore;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.XaBranchId;
import org.rocketjms.remoting.protocol.broker.XaBranchListCodec;
import org.rocketjms.remoting.protocol.broker.XaRequestHeader;

/**
 * {@link XaTransport} over the wire ({@link XaCore}). A branch lives on every master broker of the cluster: each XA
 * call goes to all of them and their answers are merged — a broker that does not know the branch (XA_NOT_FOUND) had
 * no part in it, so the call fails with XAER_NOTA only when no broker knows it; prepare is XA_RDONLY when no broker
 * had work; a one-phase commit that spans several brokers prepares them all first. Broker answers map to XA codes:
 * XA_NOT_FOUND → XAER_NOTA, XA_PROTOCOL_ERROR → XAER_PROTO, XA_DUPLICATE_ID → XAER_DUPID, XA_ROLLED_BACK →
 * XA_RBROLLBACK, XA_TIMED_OUT → XA_RBTIMEOUT, XA_INVALID → XAER_INVAL, any other refusal → XAER_RMERR, a broker that
 * cannot be reached → XAER_RMFAIL.
 */
final class BrokerXaTransport implements XaTransport {
    private final XaCore core;

    BrokerXaTransport(XaCore core) {
        this.core = core;
    }

    @Override
    public String resourceManagerId() {
        return "rocketjms:" + new TreeSet<>(core.namesrvAddrs());
    }

    private Map<String, String> brokers(boolean refresh) throws XAException {
        try {
            return core.brokers(refresh);
        } catch (ClientException e) {
            throw JmsXAResource.xa(XAException.XAER_RMFAIL, "no broker of the cluster can be found: "
                    + e.getMessage(), e);
        }
    }

    /** Sends the request to every broker; network failures become replies with the client error code. */
    private List<XaCore.Reply> all(Map<String, String> brokers, int code, XaRequestHeader h,
                                   Map<String, byte[]> bodies) {
        List<XaCore.Reply> out = new ArrayList<>();
        for (Map.Entry<String, String> b : brokers.entrySet()) {
            try {
                out.add(core.call(b.getKey(), b.getValue(), code, h, bodies == null ? null : bodies.get(b.getKey())));
            } catch (ClientException e) {
                out.add(new XaCore.Reply(b.getKey(), e.getCode() < 0 ? e.getCode() : ClientException.BAD_RESPONSE,
                        e.getMessage(), null));
            }
        }
        return out;
    }

    /** XA code for a failed reply. */
    static int xaCode(int responseCode) {
        return switch (responseCode) {
            case BrokerResponseCode.XA_NOT_FOUND -> XAException.XAER_NOTA;
            case BrokerResponseCode.XA_PROTOCOL_ERROR -> XAException.XAER_PROTO;
            case BrokerResponseCode.XA_DUPLICATE_ID -> XAException.XAER_DUPID;
            case BrokerResponseCode.XA_ROLLED_BACK -> XAException.XA_RBROLLBACK;
            case BrokerResponseCode.XA_TIMED_OUT -> XAException.XA_RBTIMEOUT;
            case BrokerResponseCode.XA_INVALID -> XAException.XAER_INVAL;
            default -> responseCode < 0 ? XAException.XAER_RMFAIL : XAException.XAER_RMERR;
        };
    }

    private static XAException failure(String what, XaCore.Reply r) {
        String detail = r.remark() == null ? "response code " + r.code() : r.remark();
        String where = r.code() < 0 ? "broker " + r.brokerName() + " is unreachable" : "broker " + r.brokerName();
        return JmsXAResource.xa(xaCode(r.code()), what + " failed (" + where + "): " + detail, null);
    }

    /**
     * Throws the first failure other than XA_NOT_FOUND (and {@code tolerated}); XA_NOT_FOUND only when every broker
     * answered it.
     */
    private static void merge(String what, List<XaCore.Reply> replies, int... tolerated) throws XAException {
        XaCore.Reply notFound = null;
        boolean anyKnown = false;
        XAException first = null;
        outer:
        for (XaCore.Reply r : replies) {
            if (r.code() == ResponseCode.SUCCESS) {
                anyKnown = true;
                continue;
            }
            for (int t : tolerated) {
                if (r.code() == t) {
                    anyKnown = true;
                    continue outer;
                }
            }
            if (r.code() == BrokerResponseCode.XA_NOT_FOUND) {
                notFound = notFound == null ? r : notFound;
                continue;
            }
            XAException e = failure(what, r);
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
        if (!anyKnown && notFound != null) {
            throw failure(what, notFound);
        }
    }

    @Override
    public void start(XaBranchId xid, int flags, int timeoutSeconds) throws XAException {
        XaRequestHeader h = new XaRequestHeader(xid.encode(), flags, timeoutSeconds, false, core.clientId());
        List<XaCore.Reply> replies = all(brokers(flags == XAResource.TMNOFLAGS), BrokerRequestCode.XA_START, h, null);
        if (flags == XAResource.TMNOFLAGS) {
            List<XaCore.Reply> failed = replies.stream().filter(r -> r.code() != ResponseCode.SUCCESS).toList();
            if (!failed.isEmpty()) {
                // undo the start on the brokers that accepted it, so a retry is not a duplicate there
                for (XaCore.Reply r : replies) {
                    if (r.code() == ResponseCode.SUCCESS && failed.get(0).code() != BrokerResponseCode.XA_DUPLICATE_ID) {
                        undoStart(xid, r.brokerName());
                    }
                }
                throw failure("start of " + xid, failed.get(0));
            }
            return;
        }
        merge((flags == XAResource.TMJOIN ? "join of " : "resume of ") + xid, replies);
    }

    private void undoStart(XaBranchId xid, String brokerName) {
        try {
            String addr = core.brokers(false).get(brokerName);
            if (addr != null) {
                core.call(brokerName, addr, BrokerRequestCode.XA_ROLLBACK, XaRequestHeader.of(xid, 0, core.clientId()),
                        null);
            }
        } catch (ClientException e) {
            JmsXAResource.LOG.warn("undoing the start of {} on {} failed; the broker rolls it back after the timeout:"
                    + " {}", xid, brokerName, e.getMessage());
        }
    }

    @Override
    public void end(XaBranchId xid, int flags, List<ReceivedMessage> consumed) throws XAException {
        Map<String, List<ReceivedMessage>> byBroker = XaCore.byBroker(consumed);
        Map<String, String> brokers = new java.util.TreeMap<>(brokers(false));
        for (ReceivedMessage m : consumed) {
            brokers.putIfAbsent(m.getBrokerName(), m.getBrokerAddr());
        }
        Map<String, byte[]> bodies = new java.util.HashMap<>();
        for (Map.Entry<String, List<ReceivedMessage>> e : byBroker.entrySet()) {
            bodies.put(e.getKey(), XaCore.ackBody(e.getValue()));
        }
        List<XaCore.Reply> replies = all(brokers, BrokerRequestCode.XA_END, XaRequestHeader.of(xid, flags,
                core.clientId()), bodies);
        for (XaCore.Reply r : replies) {
            if (r.code() != ResponseCode.SUCCESS && byBroker.containsKey(r.brokerName())) {
                // the broker did not take these acks into the branch: make the messages available again
                try {
                    core.release(byBroker.get(r.brokerName()));
                } catch (ClientException e) {
                    JmsXAResource.LOG.warn("releasing {} message(s) of branch {} failed; the broker redelivers them"
                            + " after their invisible time: {}", byBroker.get(r.brokerName()).size(), xid,
                            e.getMessage());
                }
            }
        }
        merge("end of " + xid, replies);
    }

    @Override
    public int prepare(XaBranchId xid) throws XAException {
        List<XaCore.Reply> replies = all(brokers(false), BrokerRequestCode.XA_PREPARE,
                XaRequestHeader.of(xid, 0, core.clientId()), null);
        merge("prepare of " + xid, replies, BrokerResponseCode.XA_READ_ONLY);
        for (XaCore.Reply r : replies) {
            if (r.code() == ResponseCode.SUCCESS) {
                return XAResource.XA_OK;
            }
        }
        return XAResource.XA_RDONLY;
    }

    @Override
    public void commit(XaBranchId xid, boolean onePhase) throws XAException {
        Map<String, String> brokers = brokers(false);
        if (onePhase && brokers.size() > 1) {
            int vote;
            try {
                vote = prepare(xid);
            } catch (XAException e) {
                if (e.errorCode >= XAException.XA_RBBASE && e.errorCode <= XAException.XA_RBEND) {
                    throw e;
                }
                try {
                    rollback(xid);
                } catch (XAException again) {
                    e.addSuppressed(again);
                }
                throw JmsXAResource.xa(XAException.XA_RBROLLBACK, "one-phase commit of " + xid
                        + " was rolled back: preparing it on the brokers failed: " + e.getMessage(), e);
            }
            if (vote == XAResource.XA_RDONLY) {
                return;
            }
            onePhase = false;
        }
        XaRequestHeader h = new XaRequestHeader(xid.encode(), 0, 0, onePhase, core.clientId());
        merge((onePhase ? "one-phase commit of " : "commit of ") + xid, all(brokers, BrokerRequestCode.XA_COMMIT, h,
                null));
    }

    @Override
    public void rollback(XaBranchId xid) throws XAException {
        merge("rollback of " + xid, all(brokers(false), BrokerRequestCode.XA_ROLLBACK,
                XaRequestHeader.of(xid, 0, core.clientId()), null));
    }

    @Override
    public void forget(XaBranchId xid) throws XAException {
        merge("forget of " + xid, all(brokers(false), BrokerRequestCode.XA_FORGET,
                XaRequestHeader.of(xid, 0, core.clientId()), null));
    }

    @Override
    public List<XaBranchId> recover() throws XAException {
        List<XaCore.Reply> replies = all(brokers(true), BrokerRequestCode.XA_RECOVER,
                new XaRequestHeader(null, 0, 0, false, core.clientId()), null);
        Set<XaBranchId> out = new LinkedHashSet<>();
        for (XaCore.Reply r : replies) {
            if (r.code() != ResponseCode.SUCCESS) {
                throw failure("recover", r);
            }
            try {
                out.addAll(XaBranchListCodec.decode(r.body()));
            } catch (RemotingCommandException e) {
                throw JmsXAResource.xa(XAException.XAER_RMERR, "broker " + r.brokerName()
                        + " sent a malformed list of prepared branches: " + e.getMessage(), e);
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public CompletableFuture<?> send(XaBranchId xid, ProducerCore via, OutgoingMessage m) throws JMSException {
        try {
            return core.sendHalfPipelined(via, m, xid.encode());
        } catch (ClientException e) {
            throw JmsExceptions.of("sending to " + m.getTopic() + " in XA branch " + xid, e);
        }
    }
}
