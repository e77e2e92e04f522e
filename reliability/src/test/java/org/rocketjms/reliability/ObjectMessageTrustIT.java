package org.rocketjms.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.reliability.untrusted.Order;

/**
 * {@code ObjectMessage} end to end through a {@code bin/rocketjms} broker: the sender serializes an application class
 * outside the trusted packages; a receiver with the default policy is refused on {@code getObject()} with a message
 * naming the class and {@code org.rocketjms.jms.trustedPackages}, while trusted JDK types still deserialize, and a
 * receiver that trusts the package gets the object. The unit-level rules are in jms-provider's
 * {@code ObjectMessageTest#untrustedClassIsRefusedNamingClassAndKey}.
 */
class ObjectMessageTrustIT {
    @TempDir
    Path dir;

    @Test
    void untrustedClassIsRefusedOnGetObjectByDefault() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), "-Xmx128m", List.of())) {
            RocketConnectionFactory senderCf = new RocketConnectionFactory(broker.url());
            RocketConnectionFactory defaultCf = new RocketConnectionFactory(broker.url());
            RocketConnectionFactory trustingCf = new RocketConnectionFactory(broker.url());
            trustingCf.setTrustedPackages("org.rocketjms.reliability.untrusted");
            try (Connection sender = senderCf.createConnection()) {
                Session s = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue("objects");
                s.createProducer(q).send(s.createObjectMessage(new Order("o-1", 3)));
                s.createProducer(q).send(s.createObjectMessage(new ArrayList<>(List.of("a", "b"))));
                s.createProducer(q).send(s.createObjectMessage(new Order("o-2", 5)));
            }
            try (Connection receiver = defaultCf.createConnection()) {
                Session s = receiver.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer mc = s.createConsumer(s.createQueue("objects"));
                receiver.start();
                ObjectMessage untrusted = (ObjectMessage) mc.receive(10_000);
                assertNotNull(untrusted);
                JMSException e = assertThrows(JMSException.class, untrusted::getObject);
                assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());
                assertTrue(e.getMessage().contains("org.rocketjms.jms.trustedPackages"), e.getMessage());
                ObjectMessage trusted = (ObjectMessage) mc.receive(10_000);
                assertNotNull(trusted);
                assertEquals(List.of("a", "b"), trusted.getObject(), "java.util is trusted by default");
                untrusted.acknowledge();
            }
            try (Connection receiver = trustingCf.createConnection()) {
                Session s = receiver.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer mc = s.createConsumer(s.createQueue("objects"));
                receiver.start();
                ObjectMessage m = (ObjectMessage) mc.receive(10_000);
                assertNotNull(m);
                assertEquals(new Order("o-2", 5), assertInstanceOf(Order.class, m.getObject()));
            }
        }
    }
}
