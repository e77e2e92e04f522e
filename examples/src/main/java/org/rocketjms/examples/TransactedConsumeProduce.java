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
 * A transacted session (classic API) that consumes from one queue and produces to another as a single unit of work:
 * commit makes both happen, rollback makes neither happen and puts the consumed message back on its queue.
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.TransactedConsumeProduce}
 */
public final class TransactedConsumeProduce {
    static final String INPUT = "example.queue.orders";
    static final String OUTPUT = "example.queue.invoices";

    private TransactedConsumeProduce() {
    }

    /**
     * What happened: the bodies that reached the output queue, and the input message that came back after the
     * rollback together with its JMSRedelivered flag.
     */
    public record Result(List<String> output, String redelivered, boolean redeliveredFlag) {
    }

    public static void main(String[] args) throws JMSException {
        String url = args.length > 0 ? args[0] : RocketConnectionFactory.DEFAULT_URL;
        Result result = run(url);
        System.out.println("output queue holds " + result.output());
    }

    /** Processes two orders; the second is rolled back once and then processed again. */
    public static Result run(String url) throws JMSException {
        try (Connection connection = new RocketConnectionFactory(url).createConnection()) {
            connection.start();

            // Put two orders on the input queue with an ordinary (non-transacted) session.
            try (Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 MessageProducer producer = plain.createProducer(plain.createQueue(INPUT))) {
                producer.send(plain.createTextMessage("order-1"));
                producer.send(plain.createTextMessage("order-2"));
            }

            // In a transacted session every receive and send belongs to the current transaction. Nothing is
            // acknowledged and nothing is sent until commit(); rollback() undoes both. A new transaction starts
            // automatically after each commit or rollback.
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue input = session.createQueue(INPUT);
            Queue output = session.createQueue(OUTPUT);
            MessageConsumer orders = session.createConsumer(input);
            MessageProducer invoices = session.createProducer(output);

            // Transaction 1: consume order-1, produce its invoice, commit. Both become visible together.
            TextMessage order = (TextMessage) orders.receive(5_000);
            invoices.send(session.createTextMessage("invoice for " + order.getText()));
            session.commit();
            System.out.println("committed: consumed " + order.getText() + " and sent its invoice");

            // Transaction 2: consume order-2 and produce its invoice, then change our mind. The invoice is
            // discarded and order-2 goes back to the input queue, flagged as redelivered.
            order = (TextMessage) orders.receive(5_000);
            invoices.send(session.createTextMessage("invoice for " + order.getText()));
            session.rollback();
            System.out.println("rolled back: " + order.getText() + " returns to " + INPUT);

            // Transaction 3: the same order arrives again; this time commit.
            TextMessage again = (TextMessage) orders.receive(5_000);
            System.out.println("received again: " + again.getText() + " (JMSRedelivered=" + again.getJMSRedelivered()
                    + ")");
            invoices.send(session.createTextMessage("invoice for " + again.getText()));
            session.commit();
            orders.close();

            // Read the output queue: exactly one invoice per order, none from the rolled-back transaction.
            List<String> produced = new ArrayList<>();
            try (Session reader = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 MessageConsumer consumer = reader.createConsumer(reader.createQueue(OUTPUT))) {
                TextMessage invoice;
                while ((invoice = (TextMessage) consumer.receive(1_000)) != null) {
                    System.out.println(OUTPUT + " holds: " + invoice.getText());
                    produced.add(invoice.getText());
                }
            }
            session.close();
            return new Result(produced, again.getText(), again.getJMSRedelivered());
        }
    }
}
