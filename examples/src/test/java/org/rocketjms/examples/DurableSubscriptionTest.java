package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;

class DurableSubscriptionTest extends BrokerTestSupport {
    @Test
    void receivesWhatWasPublishedWhileOffline() throws Exception {
        DurableSubscription.Result result = DurableSubscription.run(url(), 5);

        assertEquals(List.of("news 1", "news 2", "news 3", "news 4", "news 5"), result.receivedAfterReconnect());
    }

    @Test
    void unsubscribeEndsTheSubscription() throws Exception {
        DurableSubscription.run(url(), 5);
        // No subscription exists now, so nobody keeps this message.
        publish("published while unsubscribed");

        // A new subscription of the same name starts empty: neither the first run's messages nor the one above.
        DurableSubscription.Result second = DurableSubscription.run(url(), 3);

        assertEquals(List.of("news 1", "news 2", "news 3"), second.receivedAfterReconnect());
    }

    private static void publish(String text) throws Exception {
        try (Connection connection = new RocketConnectionFactory(url()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createTopic(DurableSubscription.TOPIC)).send(session.createTextMessage(text));
        }
    }
}
