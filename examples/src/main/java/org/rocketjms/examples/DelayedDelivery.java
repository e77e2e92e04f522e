package org.rocketjms.examples;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Delivery delay with the simplified API: the broker holds a message for a given time before any consumer can
 * receive it.
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.DelayedDelivery}
 */
public final class DelayedDelivery {
    static final String QUEUE = "example.queue.delayed";

    private DelayedDelivery() {
    }

    /** The body received and the milliseconds between calling send() and the message arriving. */
    public record Result(String body, long delayMillis) {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : RocketConnectionFactory.DEFAULT_URL;
        Result result = run(url, 2_000);
        System.out.println("'" + result.body() + "' arrived after " + result.delayMillis() + " ms");
    }

    /** Sends one message with the given delivery delay and measures how long it took to arrive. */
    public static Result run(String url, long deliveryDelayMillis) {
        try (JMSContext context = new RocketConnectionFactory(url).createContext()) {
            Queue queue = context.createQueue(QUEUE);
            // The consumer is waiting before the message is sent, so the measured time is the broker's delay and
            // not the time a consumer took to show up.
            try (JMSConsumer consumer = context.createConsumer(queue)) {
                // The delivery delay is a producer setting: every message it sends becomes deliverable that many
                // milliseconds after it was sent. The message is stored at once; only its delivery waits.
                long sentAt = System.nanoTime();
                context.createProducer().setDeliveryDelay(deliveryDelayMillis).send(queue, "reminder");
                System.out.println("sent 'reminder' with a delivery delay of " + deliveryDelayMillis + " ms");

                String body = consumer.receiveBody(String.class, deliveryDelayMillis + 10_000);
                long delay = (System.nanoTime() - sentAt) / 1_000_000;
                if (body == null) {
                    throw new IllegalStateException("the delayed message did not arrive");
                }
                System.out.println("received '" + body + "' after " + delay + " ms");
                return new Result(body, delay);
            }
        }
    }
}
