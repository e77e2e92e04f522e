package org.rocketjms.examples;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Point-to-point messaging with the simplified API: send ten text messages to a queue, then receive them.
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.QueueSendReceive}
 */
public final class QueueSendReceive {
    static final String QUEUE = "example.queue.send-receive";

    private QueueSendReceive() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : RocketConnectionFactory.DEFAULT_URL;
        List<String> received = run(url, 10);
        System.out.println("received " + received.size() + " messages");
    }

    /** Sends {@code count} messages to the queue and returns the bodies received from it, in order. */
    public static List<String> run(String url, int count) {
        RocketConnectionFactory factory = new RocketConnectionFactory(url);
        // A JMSContext is a connection and a session in one object. The default mode, AUTO_ACKNOWLEDGE, acknowledges
        // each message as soon as receive() returns it, so the broker never delivers it again.
        try (JMSContext context = factory.createContext()) {
            // A queue delivers each message to exactly one consumer. The broker keeps it until then, so the
            // messages sent below wait there even though no consumer exists yet.
            Queue queue = context.createQueue(QUEUE);
            for (int i = 1; i <= count; i++) {
                String body = "message " + i;
                // Messages are PERSISTENT by default: send() returns once the broker has stored the message.
                context.createProducer().send(queue, body);
                System.out.println("sent     " + body);
            }

            List<String> received = new ArrayList<>();
            // Creating a consumer starts the context's connection (auto-start), so delivery begins now.
            try (JMSConsumer consumer = context.createConsumer(queue)) {
                while (received.size() < count) {
                    // Wait up to 5 s for the next message; null means none arrived in time.
                    String body = consumer.receiveBody(String.class, 5_000);
                    if (body == null) {
                        System.out.println("no more messages");
                        break;
                    }
                    System.out.println("received " + body);
                    received.add(body);
                }
            }
            return received;
        }
    }
}
