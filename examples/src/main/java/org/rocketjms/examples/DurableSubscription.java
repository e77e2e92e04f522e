package org.rocketjms.examples;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Publish/subscribe with a durable subscription (classic API): the subscription keeps the messages published while
 * its subscriber is offline and delivers them when the subscriber comes back.
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.DurableSubscription}
 */
public final class DurableSubscription {
    static final String TOPIC = "example.topic.news";
    static final String CLIENT_ID = "example-durable-client";
    static final String SUBSCRIPTION = "news-archive";

    private DurableSubscription() {
    }

    /** What the subscriber received after reconnecting. */
    public record Result(List<String> receivedAfterReconnect) {
    }

    public static void main(String[] args) throws JMSException {
        String url = args.length > 0 ? args[0] : RocketConnectionFactory.DEFAULT_URL;
        Result result = run(url, 5);
        System.out.println("the subscriber missed nothing: " + result.receivedAfterReconnect());
    }

    /** Subscribes, goes offline while {@code count} messages are published, reconnects and receives them. */
    public static Result run(String url, int count) throws JMSException {
        RocketConnectionFactory factory = new RocketConnectionFactory(url);

        // 1. Create the subscription. A durable subscription is identified by the client ID of its connection
        //    plus the subscription name, so the subscriber sets a client ID before doing anything else.
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(CLIENT_ID);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(TOPIC);
            session.createDurableConsumer(topic, SUBSCRIPTION).close();
            System.out.println("subscribed as " + CLIENT_ID + "/" + SUBSCRIPTION + ", now going offline");
        }
        // Closing the consumer and the connection does not end the subscription: it lives on in the broker.

        // 2. Publish while the subscriber is offline. A topic delivers a copy of every message to every
        //    subscription; the durable one stores its copies until its subscriber returns.
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer publisher = session.createProducer(session.createTopic(TOPIC));
            for (int i = 1; i <= count; i++) {
                publisher.send(session.createTextMessage("news " + i));
                System.out.println("published news " + i);
            }
        }

        // 3. Reconnect with the same client ID and subscription name and collect what was published meanwhile.
        List<String> received = new ArrayList<>();
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(CLIENT_ID);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(TOPIC);
            try (MessageConsumer subscriber = session.createDurableConsumer(topic, SUBSCRIPTION)) {
                // A connection delivers nothing until it is started.
                connection.start();
                TextMessage message;
                while (received.size() < count && (message = (TextMessage) subscriber.receive(5_000)) != null) {
                    System.out.println("received " + message.getText());
                    received.add(message.getText());
                }
            }
            // 4. Delete the subscription (it must have no active consumer). Without this the broker would keep
            //    storing messages for it forever.
            session.unsubscribe(SUBSCRIPTION);
            System.out.println("unsubscribed " + SUBSCRIPTION);
        }
        return new Result(received);
    }
}
