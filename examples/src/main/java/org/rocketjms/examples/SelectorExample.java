package org.rocketjms.examples;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Message selectors (classic API): two consumers on one queue, each receiving only the messages whose
 * properties match its selector.
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.SelectorExample}
 */
public final class SelectorExample {
    static final String QUEUE = "example.queue.colors";
    static final String[] COLORS = {"red", "green", "blue", "red", "yellow", "red"};

    private SelectorExample() {
    }

    /** The bodies each consumer received. */
    public record Result(List<String> red, List<String> others) {
    }

    public static void main(String[] args) throws JMSException {
        String url = args.length > 0 ? args[0] : RocketConnectionFactory.DEFAULT_URL;
        Result result = run(url);
        System.out.println("red consumer:   " + result.red());
        System.out.println("other consumer: " + result.others());
    }

    /** Sends one message per entry of {@link #COLORS} and returns what each consumer received. */
    public static Result run(String url) throws JMSException {
        try (Connection connection = new RocketConnectionFactory(url).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(QUEUE);

            // A selector is an SQL-like condition over message properties and headers. The broker evaluates it,
            // so a consumer is only ever sent matching messages. Messages that match no consumer's selector stay
            // on the queue.
            try (MessageConsumer redConsumer = session.createConsumer(queue, "color = 'red'");
                 MessageConsumer otherConsumer = session.createConsumer(queue, "color <> 'red'")) {
                connection.start();

                MessageProducer producer = session.createProducer(queue);
                for (int i = 0; i < COLORS.length; i++) {
                    TextMessage message = session.createTextMessage(COLORS[i] + " #" + (i + 1));
                    // Properties are typed name/value pairs set by the application; selectors can only see these
                    // and the JMS headers, never the body.
                    message.setStringProperty("color", COLORS[i]);
                    producer.send(message);
                    System.out.println("sent " + message.getText());
                }

                return new Result(drain("red", redConsumer), drain("other", otherConsumer));
            }
        }
    }

    private static List<String> drain(String who, MessageConsumer consumer) throws JMSException {
        List<String> bodies = new ArrayList<>();
        TextMessage message;
        // Stop after one quiet second: everything that was sent has arrived by then.
        while ((message = (TextMessage) consumer.receive(1_000)) != null) {
            System.out.println(who + " consumer received " + message.getText());
            bodies.add(message.getText());
        }
        return bodies;
    }
}
