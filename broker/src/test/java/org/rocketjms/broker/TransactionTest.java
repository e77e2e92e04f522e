package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.TransactionAckListCodec;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/** Local transactions as half messages: commit, rollback, orphans, restarts, interrupted commits. */
class TransactionTest extends JmsFeatureTestBase {

    private List<WireMessage> consumeInput(TestClient c) throws Exception {
        send(c, "in", 0, "i1");
        send(c, "in", 0, "i2");
        List<WireMessage> in = popN(c, "g", "in", 2, 5_000);
        assertEquals(2, in.size());
        return in;
    }

    @Test
    void commitPublishesAllSendsAndAppliesTheAcksTogether() throws Exception {
        startBroker();
        TestClient c = client("c1");
        List<WireMessage> in = consumeInput(c);
        for (int i = 0; i < 3; i++) {
            sendHalf(c, "out", 0, "o" + i, "tx1");
        }
        assertTrue(c.pop("g2", "out", 10, 30_000, 300, null).isEmpty(), "half messages must be invisible");
        RemotingCommand r = endTx(c, "tx1", true, List.of(new TransactionAckListCodec.Entry("g", "in", receipts(in))));
        assertEquals(ResponseCode.SUCCESS, r.getCode(), r.getRemark());
        List<WireMessage> out = popN(c, "g2", "out", 3, 5_000);
        assertEquals(List.of("o0", "o1", "o2"), bodies(out));
        assertEquals(2, broker.brokerController().getAckStateManager().consumeOffset("g", "in", 0),
                "the session's acks were applied");
        assertEquals(0, broker.brokerController().getTransactionalMessageService().openCount());
    }

    @Test
    void rollbackPublishesNothingAndRedeliversTheConsumedMessages() throws Exception {
        startBroker();
        TestClient c = client("c1");
        List<WireMessage> in = consumeInput(c);
        sendHalf(c, "out", 0, "o1", "tx2");
        sendHalf(c, "out", 0, "o2", "tx2");
        RemotingCommand r = endTx(c, "tx2", false, List.of(new TransactionAckListCodec.Entry("g", "in",
                receipts(in))));
        assertEquals(ResponseCode.SUCCESS, r.getCode(), r.getRemark());
        assertTrue(c.pop("g2", "out", 10, 30_000, 300, null).isEmpty());
        List<WireMessage> again = popN(c, "g", "in", 2, 5_000);
        assertEquals(2, again.size());
        assertTrue(again.stream().allMatch(m -> m.deliveryCount() == 2), "redelivered");
        assertEquals(0, broker.brokerController().getAckStateManager().consumeOffset("g", "in", 0));
    }

    @Test
    void transactionOfAVanishedClientIsRolledBackAfterTheTimeout() throws Exception {
        startBroker("transactionTimeoutMillis", "300", "transactionCheckIntervalMillis", "50");
        TestClient c = client("c1");
        sendHalf(c, "out", 0, "o1", "tx3");
        assertEquals(1, broker.brokerController().getTransactionalMessageService().openCount());
        c.close();
        clients.remove(c);
        awaitTrue(() -> broker.brokerController().getTransactionalMessageService().openCount() == 0, 5_000);
        TestClient c2 = client("c2");
        assertEquals(BrokerResponseCode.TRANSACTION_NOT_FOUND, endTx(c2, "tx3", true, List.of()).getCode());
        assertTrue(c2.pop("g2", "out", 10, 30_000, 300, null).isEmpty());
    }

    @Test
    void openTransactionSurvivesARestartAndCanStillBeCommitted() throws Exception {
        startBroker();
        TestClient c = client("c1");
        sendHalf(c, "out", 0, "o1", "tx4");
        sendHalf(c, "out", 0, "o2", "tx4");
        restartBroker();
        assertEquals(1, broker.brokerController().getTransactionalMessageService().openCount());
        TestClient c2 = client("c1");
        assertTrue(c2.pop("g2", "out", 10, 30_000, 200, null).isEmpty());
        assertEquals(ResponseCode.SUCCESS, endTx(c2, "tx4", true, List.of()).getCode());
        assertEquals(List.of("o1", "o2"), bodies(popN(c2, "g2", "out", 2, 5_000)));
    }

    @Test
    void openTransactionWithoutItsClientIsRolledBackAfterARestart() throws Exception {
        startBroker();
        TestClient c = client("c1");
        sendHalf(c, "out", 0, "o1", "tx5");
        restartBroker("transactionTimeoutMillis", "300", "transactionCheckIntervalMillis", "50");
        awaitTrue(() -> broker.brokerController().getTransactionalMessageService().openCount() == 0, 5_000);
        TestClient c2 = client("c2");
        assertTrue(c2.pop("g2", "out", 10, 30_000, 300, null).isEmpty());
        // and it stays rolled back across another restart
        restartBroker();
        assertEquals(0, broker.brokerController().getTransactionalMessageService().openCount());
        assertTrue(client("c3").pop("g2", "out", 10, 30_000, 300, null).isEmpty());
    }

    @Test
    void commitInterruptedAfterItsDecisionRecordIsCompletedExactlyOnceAtRestart() throws Exception {
        startBroker();
        TestClient c = client("c1");
        List<WireMessage> in = consumeInput(c);
        for (int i = 0; i < 5; i++) {
            sendHalf(c, "out", 0, "o" + i, "tx6");
        }
        broker.brokerController().getTransactionalMessageService().setStopAfterDecisionForTest(true);
        RemotingCommand r = endTx(c, "tx6", true, List.of(new TransactionAckListCodec.Entry("g", "in",
                receipts(in))));
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(c.pop("g2", "out", 10, 30_000, 200, null).isEmpty(), "nothing published before the restart");
        restartBroker();
        TestClient c2 = client("c2");
        List<WireMessage> out = popN(c2, "g2", "out", 5, 5_000);
        assertEquals(List.of("o0", "o1", "o2", "o3", "o4"), bodies(out));
        assertTrue(c2.pop("g2", "out", 10, 30_000, 300, null).isEmpty(), "published exactly once");
        assertEquals(0, c2.ack("g2", "out", receipts(out)).getCode());
        assertEquals(2, broker.brokerController().getAckStateManager().consumeOffset("g", "in", 0));
        // a second restart does not publish again
        restartBroker();
        TestClient c3 = client("c3");
        assertTrue(c3.pop("g2", "out", 10, 30_000, 300, null).isEmpty());
        assertEquals(5, new HashSet<>(bodies(popN(c3, "g3", "out", 5, 5_000))).size());
        assertTrue(c3.pop("g3", "out", 10, 30_000, 300, null).isEmpty());
    }

    @Test
    void committedDelayedAndHighPriorityMessagesKeepTheirDeliveryRules() throws Exception {
        startBroker();
        TestClient c = client("c1");
        long due = System.currentTimeMillis() + 1000;
        java.util.Map<String, String> delayed = TestClient.props(
                org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID, "tx7",
                "#JMSDeliveryTime", "J" + due);
        RemotingCommand r = c.call(org.rocketjms.remoting.protocol.broker.BrokerRequestCode.SEND_MESSAGE,
                new org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader("pg", "out", 0,
                        org.rocketjms.store.commitlog.MessageFlags.TRANSACTION_PREPARED_TYPE,
                        System.currentTimeMillis(),
                        org.rocketjms.remoting.protocol.broker.PropertiesCodec.encode(delayed), true),
                "delayed".getBytes(), 10_000);
        assertEquals(0, r.getCode(), r.getRemark());
        sendHalf(c, "out", 0, "plain", "tx7");
        assertEquals(ResponseCode.SUCCESS, endTx(c, "tx7", true, List.of()).getCode());
        assertEquals(List.of("plain"), bodies(popN(c, "g2", "out", 1, 5_000)));
        List<WireMessage> later = popN(c, "g2", "out", 1, 5_000);
        assertTrue(System.currentTimeMillis() >= due);
        assertEquals(List.of("delayed"), bodies(later));
        assertTrue(later.get(0).properties().keySet().stream().noneMatch(k -> k.startsWith("RJMS_")),
                "internal properties removed: " + later.get(0).properties());
    }
}
