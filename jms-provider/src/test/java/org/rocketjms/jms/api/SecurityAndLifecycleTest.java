package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.junit.jupiter.api.Test;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.jms.RocketConnectionFactory;

/** Authentication, dead-letter queues and temporary destinations bound to their connection. */
class SecurityAndLifecycleTest extends JmsTestBase {

    private EmbeddedBroker restart(boolean allowAnonymous) throws Exception {
        broker.close();
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "j2ee=j2ee\n");
        broker = EmbeddedBroker.builder().dataDir(dir.resolve("acl")).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024))
                .set("aclEnable", "true").set("aclUsersFile", users.toString())
                .set("aclAllowAnonymous", String.valueOf(allowAnonymous)).build().start();
        factory = new RocketConnectionFactory(broker.url());
        return broker;
    }

    @Test
    void credentialsAreCheckedByTheBroker() throws Exception {
        restart(true);
        Connection ok = track(factory.createConnection("j2ee", "j2ee"));
        ok.start();
        Session s = ok.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("secured");
        s.createProducer(q).send(s.createTextMessage("hello"));
        assertEquals("hello", s.createConsumer(q).receive(5000).getBody(String.class));

        JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                () -> track(factory.createConnection("invalid", "invalid")));
        assertTrue(refused.getMessage().contains("invalid"), refused.getMessage());
        assertThrows(JMSSecurityException.class, () -> track(factory.createConnection("j2ee", "wrong")));
        assertThrows(JMSSecurityRuntimeException.class, () -> track(factory.createContext("invalid", "invalid")));
        track(factory.createContext("j2ee", "j2ee", JMSContext.AUTO_ACKNOWLEDGE)).createProducer()
                .send(q, "from context");

        track(factory.createConnection()).close(); // anonymous is allowed by this broker

        RocketConnectionFactory configured = new RocketConnectionFactory(broker.url());
        configured.setUser("invalid");
        configured.setPassword("invalid");
        assertThrows(JMSSecurityException.class, () -> track(configured.createConnection()));
        configured.setUser("j2ee");
        configured.setPassword("j2ee");
        track(configured.createConnection()).close();
    }

    @Test
    void anonymousConnectionsCanBeRefused() throws Exception {
        restart(false);
        assertThrows(JMSSecurityException.class, () -> track(factory.createConnection()));
        assertThrows(JMSSecurityRuntimeException.class, () -> track(factory.createContext()));
        track(factory.createConnection("j2ee", "j2ee")).close();
    }

    @Test
    void messagesPastMaxDeliveryAttemptsGoToTheDeadLetterQueue() throws Exception {
        broker.close();
        broker = EmbeddedBroker.builder().dataDir(dir.resolve("dlq")).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024))
                .set("maxDeliveryAttempts", "3").build().start();
        factory = new RocketConnectionFactory(broker.url());
        Connection c = started();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue("orders");
        MessageConsumer consumer = tx.createConsumer(q);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        plain.createProducer(q).send(plain.createTextMessage("poison"));
        tx.commit();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Message m = consumer.receive(5000);
            assertNotNull(m, "delivery " + attempt);
            assertEquals(attempt, m.getIntProperty("JMSXDeliveryCount"));
            tx.rollback();
        }
        assertNull(consumer.receive(1000), "not delivered a fourth time");
        consumer.close();
        Message dead = plain.createConsumer(plain.createQueue("DLQ.orders")).receive(5000);
        assertNotNull(dead, "the message is on the dead-letter queue DLQ.orders");
        assertEquals("poison", dead.getBody(String.class));
    }

    @Test
    void temporaryQueueVanishesWithItsConnection() throws Exception {
        Connection owner = started();
        Session os = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue tq = os.createTemporaryQueue();
        MessageConsumer consumer = os.createConsumer(tq);
        Connection other = started();
        Session s = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(tq);
        p.send(s.createTextMessage("reply"));
        assertEquals("reply", consumer.receive(5000).getBody(String.class));
        owner.close();
        assertThrows(InvalidDestinationException.class, () -> p.send(s.createTextMessage("too late")));
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(tq));
    }
}
