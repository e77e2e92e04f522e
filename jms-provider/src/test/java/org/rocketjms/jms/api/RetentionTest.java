package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.store.DefaultMessageStore;

/**
 * Retention seen through the JMS API, with 64 KiB commit-log files that are all past {@code fileReservedTime} (0 h):
 * files of a topic nobody subscribed to go, while unconsumed queue messages and a durable subscription that is behind
 * keep theirs until the messages are acknowledged. Checks that the broker reads the names the JMS client gives
 * queues, topics and subscriptions the way it must.
 */
class RetentionTest extends JmsTestBase {
    private static final String PAD = "x".repeat(1000);

    @Override
    EmbeddedBroker startBroker(int namesrvPort, int brokerPort) {
        return EmbeddedBroker.builder().dataDir(dir).namesrvPort(namesrvPort).brokerPort(brokerPort)
                .set("mappedFileSizeCommitLog", "65536").set("maxMessageSize", "16384")
                .set("fileReservedTime", "0").set("deleteWhen", "99").set("cleanResourceInterval", "3600000")
                .build().start();
    }

    private DefaultMessageStore store() {
        return (DefaultMessageStore) broker.brokerController().getMessageStore();
    }

    /** Writes the ack-state and timer snapshots twice (newest and backup), then runs retention. */
    private void runRetention() {
        BrokerController b = broker.brokerController();
        for (int i = 0; i < 2; i++) {
            b.getAckStateManager().persist();
            b.getTimerMessageService().persist();
        }
        store().executeDeleteFilesManually();
    }

    private long activeFileStart() {
        return store().getCommitLog().getMappedFileQueue().getLastMappedFile().getFileFromOffset();
    }

    private String hold() {
        return String.valueOf(broker.brokerController().getRetentionGuard().safeDeleteOffset());
    }

    private static void sendMany(Session s, MessageProducer p, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            p.send(s.createTextMessage(prefix + i + "-" + PAD));
        }
    }

    private static int receiveAndAcknowledge(MessageConsumer c, int n) throws Exception {
        Message last = null;
        int got = 0;
        for (int i = 0; i < n; i++) {
            Message m = c.receive(10_000);
            assertNotNull(m, "message " + i + " of " + n);
            assertTrue(((TextMessage) m).getText().contains("-" + PAD));
            last = m;
            got++;
        }
        last.acknowledge();
        return got;
    }

    @Test
    void unconsumedQueueAndLaggingDurableSubscriptionKeepFilesATopicWithoutSubscribersDoesNot() throws Exception {
        Connection c = connection();
        c.setClientID("retention-client");
        c.start();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Topic news = s.createTopic("news");
        Queue orders = s.createQueue("orders");
        MessageProducer toNews = s.createProducer(news);
        MessageProducer toOrders = s.createProducer(orders);
        toNews.setDeliveryMode(DeliveryMode.PERSISTENT);
        toOrders.setDeliveryMode(DeliveryMode.PERSISTENT);

        sendMany(s, toNews, "unheard", 200);
        runRetention();
        assertEquals(activeFileStart(), store().getMinPhyOffset(),
                "a topic without subscribers holds nothing: " + hold());

        MessageConsumer durable = s.createDurableSubscriber(news, "behind");
        sendMany(s, toNews, "news", 150);
        sendMany(s, toOrders, "order", 150);
        long before = store().getMinPhyOffset();
        assertTrue(activeFileStart() - before >= 3 * 65536, "test needs several files");
        store().setDiskUsageProbe(f -> 0.80); // and the disk is above diskMaxUsedSpaceRatio
        runRetention();
        assertEquals(before, store().getMinPhyOffset(), "the durable subscription and the queue hold: " + hold());

        assertEquals(150, receiveAndAcknowledge(durable, 150));
        runRetention();
        assertTrue(store().getMinPhyOffset() > before, "the subscription caught up: its files go");
        assertTrue(store().getMinPhyOffset() < activeFileStart(), "the queue's messages still hold: " + hold());

        MessageConsumer queueConsumer = s.createConsumer(orders);
        assertEquals(150, receiveAndAcknowledge(queueConsumer, 150));
        runRetention();
        assertEquals(activeFileStart(), store().getMinPhyOffset(), "everything acknowledged: " + hold());
        assertEquals(null, queueConsumer.receiveNoWait());
    }
}
