package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.Test;

/**
 * Rules the Jakarta Messaging TCK checks that are easy to get wrong on this engine: received property names,
 * domain-specific sessions and shared subscriptions.
 */
class TckRulesTest extends JmsTestBase {

    @Test
    void receivedMessageShowsOnlyTheSentPropertiesAndDeliveryCount() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("prop-names");
        TextMessage m = s.createTextMessage("x");
        m.setIntProperty("a", 1);
        m.setStringProperty("b", "two");
        m.setObjectProperty("c", null);
        s.createProducer(q).send(m);
        Message r = s.createConsumer(q).receive(5000);
        assertNotNull(r);
        Set<String> names = new TreeSet<>();
        for (Object n : Collections.list(r.getPropertyNames())) {
            names.add((String) n);
        }
        assertEquals(Set.of("a", "b", "c", "JMSXDeliveryCount"), names);
        for (String engineKey : new String[] {"KEYS", "UNIQ_KEY", "TAGS"}) {
            assertFalse(r.propertyExists(engineKey), engineKey);
            assertNull(r.getObjectProperty(engineKey), engineKey);
        }
        assertEquals(1, r.getIntProperty("a"));
    }

    @Test
    void queueSessionRefusesTopicOnlyMethods() throws Exception {
        QueueConnection c = factory.createQueueConnection();
        track(c);
        c.setClientID("qs-client");
        QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = c.createSession().createTopic("qs-topic");
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createTopic("x"));
        assertThrows(jakarta.jms.IllegalStateException.class, s::createTemporaryTopic);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.unsubscribe("x"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createDurableSubscriber(t, "d"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createDurableConsumer(t, "d"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createSharedConsumer(t, "sh"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createSharedConsumer(t, "sh", "a = 1"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createSharedDurableConsumer(t, "sd"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createSharedDurableConsumer(t, "sd", "a = 1"));
        assertNotNull(s.createQueue("fine"));
        assertNotNull(s.createTemporaryQueue());
    }

    @Test
    void topicSessionRefusesQueueOnlyMethods() throws Exception {
        TopicConnection c = factory.createTopicConnection();
        track(c);
        TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = c.createSession().createQueue("ts-queue");
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createQueue("x"));
        assertThrows(jakarta.jms.IllegalStateException.class, s::createTemporaryQueue);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createBrowser(q));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createBrowser(q, "a = 1"));
        assertNotNull(s.createTopic("fine"));
        assertNotNull(s.createTemporaryTopic());
    }

    @Test
    void consumersOfASharedSubscriptionCompeteAndAnIdleOneHoldsNothing() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("shared-compete");
        MessageConsumer c1 = s.createSharedConsumer(t, "sub");
        MessageConsumer c2 = s.createSharedConsumer(t, "sub");
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("m1"));
        assertEquals("m1", ((TextMessage) c1.receive(5000)).getText());
        assertNull(c2.receive(500));
        p.send(s.createTextMessage("m2"));
        assertEquals("m2", ((TextMessage) c2.receive(5000)).getText());
        assertNull(c1.receive(500));
    }

    @Test
    void sharedDurableSubscriptionHandsOverInOrderWhenAConsumerCloses() throws Exception {
        Connection c = connection();
        c.setClientID("sd-client");
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("shared-durable-order");
        MessageConsumer c1 = s.createSharedDurableConsumer(t, "sd");
        MessageConsumer c2 = s.createSharedDurableConsumer(t, "sd");
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("Message1"));
        assertEquals("Message1", ((TextMessage) c1.receive(5000)).getText());
        c1.close();
        p.send(s.createTextMessage("Message2"));
        assertEquals("Message2", ((TextMessage) c2.receive(5000)).getText());
        MessageConsumer c3 = s.createSharedDurableConsumer(t, "sd");
        assertNull(c3.receive(500));
        assertNull(c2.receive(500));
        c2.close();
        c3.close();
        p.send(s.createTextMessage("kept"));
        MessageConsumer c4 = s.createSharedDurableConsumer(t, "sd");
        assertEquals("kept", ((TextMessage) c4.receive(5000)).getText());
        c4.close();
        s.unsubscribe("sd");
    }

    @Test
    void sharedConsumerWithAnotherTopicWhileActiveIsRefused() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t1 = s.createTopic("shared-t1");
        Topic t2 = s.createTopic("shared-t2");
        MessageConsumer c1 = s.createSharedConsumer(t1, "same");
        assertThrows(JMSException.class, () -> s.createSharedConsumer(t2, "same"));
        assertThrows(JMSException.class, () -> s.createSharedConsumer(t1, "same", "a = 1"));
        c1.close();
        // no consumer left: the name may now be used on another topic
        MessageConsumer c2 = s.createSharedConsumer(t2, "same");
        s.createProducer(t2).send(s.createTextMessage("on t2"));
        assertEquals("on t2", ((TextMessage) c2.receive(5000)).getText());
    }

    @Test
    void sharedAndUnsharedDurableSubscriptionsCannotShareAName() throws Exception {
        Connection c = connection();
        c.setClientID("kind-client");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic("kind-topic");
        s.createDurableConsumer(t, "name").close();
        assertThrows(JMSException.class, () -> s.createSharedDurableConsumer(t, "name"));
        s.unsubscribe("name");
        s.createSharedDurableConsumer(t, "name").close();
        assertThrows(JMSException.class, () -> s.createDurableConsumer(t, "name"));
        s.unsubscribe("name");
    }
}
