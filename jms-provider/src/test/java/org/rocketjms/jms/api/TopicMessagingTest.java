package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;

/** Publish/subscribe through the public JMS API against an embedded broker. */
class TopicMessagingTest extends JmsTestBase {

    @Test
    void nonDurableSubscriberGetsOnlyLaterMessages() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("news");
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("before"));
        MessageConsumer sub1 = s.createConsumer(t);
        MessageConsumer sub2 = s.createConsumer(t);
        p.send(s.createTextMessage("after"));
        assertEquals("after", ((TextMessage) sub1.receive(5000)).getText());
        assertEquals("after", ((TextMessage) sub2.receive(5000)).getText());
        assertNull(sub1.receive(300));
    }

    @Test
    void durableSubscriptionSurvivesReconnectAndBrokerRestart() throws Exception {
        Connection c = connection();
        c.setClientID("durable-client");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("durable-news");
        s.createDurableSubscriber(t, "sub").close();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.setClientID("again"));
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("while-away-1"));
        c.close();

        Connection c2 = connection();
        c2.setClientID("durable-client");
        c2.start();
        Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer sub = s2.createDurableSubscriber(t, "sub");
        assertEquals("while-away-1", ((TextMessage) sub.receive(5000)).getText());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s2.unsubscribe("sub"));
        sub.close();
        s2.createProducer(t).send(s2.createTextMessage("while-away-2"));
        c2.close();

        int np = broker.namesrvPort();
        int bp = broker.brokerPort();
        broker.close();
        broker = startBroker(np, bp);
        factory = new RocketConnectionFactory(broker.url());

        Connection c3 = connection();
        c3.setClientID("durable-client");
        c3.start();
        Session s3 = c3.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer sub3 = s3.createDurableSubscriber(t, "sub");
        assertEquals("while-away-2", ((TextMessage) sub3.receive(10000)).getText());
        assertNull(sub3.receive(300));
        sub3.close();
        s3.unsubscribe("sub");
    }

    @Test
    void sharedSubscriptionSplitsMessages() throws Exception {
        factory.setPrefetch(1);
        Connection c = started();
        Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s1.createTopic("shared-news");
        MessageConsumer a = s1.createSharedConsumer(t, "workers");
        MessageConsumer b = s2.createSharedConsumer(t, "workers");
        MessageProducer p = s1.createProducer(t);
        int n = 20;
        for (int i = 0; i < n; i++) {
            p.send(s1.createTextMessage("m" + i));
        }
        int got = 0;
        int fromA = 0;
        int fromB = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        while (got < n && System.currentTimeMillis() < deadline) {
            if (a.receive(100) != null) {
                got++;
                fromA++;
            }
            if (b.receive(100) != null) {
                got++;
                fromB++;
            }
        }
        assertEquals(n, got);
        assertTrue(fromA > 0 && fromB > 0, "both consumers get a share: " + fromA + "/" + fromB);
        assertNull(a.receive(200));
        assertNull(b.receive(200));
    }

    @Test
    void noLocalDropsOwnMessages() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("chat");
        MessageConsumer mine = s.createConsumer(t, null, true);
        Connection other = started();
        Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createProducer(t).send(s.createTextMessage("own"));
        os.createProducer(t).send(os.createTextMessage("foreign"));
        assertEquals("foreign", ((TextMessage) mine.receive(5000)).getText());
        assertNull(mine.receive(300));
    }

    @Test
    void clientIdIsUniqueAcrossTheBroker() throws Exception {
        Connection a = connection();
        a.setClientID("only-one");
        Connection b = connection();
        assertThrows(InvalidClientIDException.class, () -> b.setClientID("only-one"));
        a.close();
        b.setClientID("only-one");
        assertEquals("only-one", b.getClientID());

        RocketConnectionFactory admin = new RocketConnectionFactory(broker.url());
        admin.setClientID("configured");
        Connection d = track(admin.createConnection());
        assertEquals("configured", d.getClientID());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> d.setClientID("x"));
        assertThrows(InvalidClientIDException.class, admin::createConnection);
    }

    @Test
    void changingTheSelectorReplacesADurableSubscription() throws Exception {
        Connection c = connection();
        c.setClientID("changer");
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("changing");
        assertThrows(jakarta.jms.InvalidDestinationException.class, () -> s.unsubscribe("nope"));
        s.createDurableSubscriber(t, "sub", "n = 1", false).close();
        MessageProducer p = s.createProducer(t);
        TextMessage one = s.createTextMessage("one");
        one.setIntProperty("n", 1);
        p.send(one);
        MessageConsumer same = s.createDurableSubscriber(t, "sub", "n = 1", false);
        assertEquals("one", ((TextMessage) same.receive(5000)).getText());
        same.close();
        p.send(one);
        MessageConsumer changed = s.createDurableSubscriber(t, "sub", "n = 2", false);
        assertNull(changed.receive(500), "the replaced subscription starts empty");
        changed.close();
        s.unsubscribe("sub");
        assertThrows(jakarta.jms.InvalidDestinationException.class, () -> s.unsubscribe("sub"));
    }

    @Test
    void durableSubscriberNeedsClientId() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.IllegalStateException.class,
                () -> s.createDurableSubscriber(s.createTopic("t"), "name"));
        MessageConsumer shared = s.createSharedDurableConsumer(s.createTopic("t"), "sd");
        assertNotNull(shared);
    }
}
