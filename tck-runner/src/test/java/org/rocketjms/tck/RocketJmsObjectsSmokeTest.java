package org.rocketjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.ts.lib.porting.TSJMSObjects;
import com.sun.ts.lib.porting.TSJMSObjectsInterface;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the porting class the way the TCK uses it, without the TCK: found through the TCK's own
 * {@link TSJMSObjects} (so {@link TckRunListener} has set the properties and initialised {@code TestUtil}), names
 * resolve to stable objects, the broker authenticates as the TCK expects, and the durable-subscription factory's
 * client ID is administrative.
 */
class RocketJmsObjectsSmokeTest {
    private static final long TIMEOUT = 10_000;
    private static TSJMSObjectsInterface objects;

    @BeforeAll
    static void lookUpPortingClass() throws Exception {
        TckRunListener.applyDefaults(); // idempotent; also covers a run where the listener is not registered
        objects = TSJMSObjects.getJMSObjectsInstance();
    }

    @Test
    void theTckFindsThePortingClass() {
        assertInstanceOf(RocketJmsObjects.class, objects);
    }

    @Test
    void everyNameGivesOneStableDestination() throws Exception {
        for (String name : RocketJmsObjects.QUEUES) {
            Queue q = objects.getQueue(name);
            assertEquals(name, q.getQueueName());
            assertSame(q, objects.getQueue(name));
        }
        for (String name : RocketJmsObjects.TOPICS) {
            Topic t = objects.getTopic(name);
            assertEquals(name, t.getTopicName());
            assertSame(t, objects.getTopic(name));
        }
    }

    @Test
    void factoriesByNameAndUnknownNamesRefused() throws Exception {
        assertNotNull(objects.getConnectionFactory(RocketJmsObjects.CONNECTION_FACTORY));
        assertSame(objects.getQueueConnectionFactory(RocketJmsObjects.QUEUE_CONNECTION_FACTORY),
                objects.getQueueConnectionFactory(RocketJmsObjects.QUEUE_CONNECTION_FACTORY));
        assertNotNull(objects.getTopicConnectionFactory(RocketJmsObjects.TOPIC_CONNECTION_FACTORY));
        assertThrows(IllegalArgumentException.class, () -> objects.getConnectionFactory("NoSuchFactory"));
    }

    @Test
    void sendAndReceiveAsTheTckUser() throws Exception {
        QueueConnectionFactory qcf = objects.getQueueConnectionFactory(RocketJmsObjects.QUEUE_CONNECTION_FACTORY);
        Queue queue = objects.getQueue("testQ2");
        try (QueueConnection c = qcf.createQueueConnection(TckBroker.USER, TckBroker.PASSWORD)) {
            assertNull(c.getClientID());
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueReceiver receiver = s.createReceiver(queue);
            c.start();
            s.createSender(queue).send(s.createTextMessage("smoke"));
            TextMessage m = (TextMessage) receiver.receive(TIMEOUT);
            assertNotNull(m, "no message within " + TIMEOUT + " ms");
            assertEquals("smoke", m.getText());
        }
    }

    @Test
    void anonymousAllowedWrongCredentialsRefused() throws Exception {
        ConnectionFactory cf = objects.getConnectionFactory(RocketJmsObjects.CONNECTION_FACTORY);
        try (Connection c = cf.createConnection()) {
            c.start();
        }
        assertThrows(JMSSecurityException.class, () -> cf.createConnection("invalid", "invalid").close());
        assertThrows(JMSSecurityRuntimeException.class, () -> cf.createContext("invalid", "invalid").close());
    }

    @Test
    void durableFactoryCarriesAdministrativeClientId() throws Exception {
        TopicConnectionFactory tcf =
                objects.getTopicConnectionFactory(RocketJmsObjects.DURABLE_SUB_CONNECTION_FACTORY);
        try (TopicConnection c = tcf.createTopicConnection(TckBroker.USER, TckBroker.PASSWORD)) {
            assertEquals(RocketJmsObjects.DURABLE_CLIENT_ID, c.getClientID());
            assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
        }
        try (JMSContext ctx = tcf.createContext(TckBroker.USER, TckBroker.PASSWORD)) {
            assertEquals(RocketJmsObjects.DURABLE_CLIENT_ID, ctx.getClientID());
            assertThrows(IllegalStateRuntimeException.class, () -> ctx.setClientID("other"));
        }
    }
}
