package org.rocketjms.examples;

import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Request/reply over queues (classic API): a responder answers requests on a well-known queue; the requester tells
 * it where to answer with JMSReplyTo (a temporary queue of its own) and matches the answer by JMSCorrelationID.
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.RequestReply}
 */
public final class RequestReply {
    static final String REQUEST_QUEUE = "example.queue.requests";

    private RequestReply() {
    }

    /** The correlation ID the requester sent, and the reply's correlation ID and body. */
    public record Result(String requestCorrelationId, String replyCorrelationId, String replyText) {
    }

    public static void main(String[] args) throws JMSException {
        String url = args.length > 0 ? args[0] : RocketConnectionFactory.DEFAULT_URL;
        Result result = run(url, "ping");
        System.out.println("reply '" + result.replyText() + "' matched request "
                + result.requestCorrelationId().equals(result.replyCorrelationId()));
    }

    /** Starts a responder, sends it {@code question} and returns the reply. */
    public static Result run(String url, String question) throws JMSException {
        RocketConnectionFactory factory = new RocketConnectionFactory(url);
        try (Connection responderConnection = factory.createConnection();
             Connection requesterConnection = factory.createConnection()) {
            startResponder(responderConnection);

            Session session = requesterConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // A temporary queue lives as long as the connection that created it, and only that connection can
            // consume from it: a private mailbox for replies.
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer replyConsumer = session.createConsumer(replies);
            requesterConnection.start();

            TextMessage request = session.createTextMessage(question);
            request.setJMSReplyTo(replies);
            // The correlation ID is ours to choose; the responder copies it into the reply so that we can tell
            // which request a reply answers when several are outstanding.
            String correlationId = UUID.randomUUID().toString();
            request.setJMSCorrelationID(correlationId);
            session.createProducer(session.createQueue(REQUEST_QUEUE)).send(request);
            System.out.println("requester sent '" + question + "' with correlation ID " + correlationId);

            TextMessage reply = (TextMessage) replyConsumer.receive(10_000);
            if (reply == null) {
                throw new IllegalStateException("no reply within 10 s");
            }
            System.out.println("requester got '" + reply.getText() + "' with correlation ID "
                    + reply.getJMSCorrelationID());
            return new Result(correlationId, reply.getJMSCorrelationID(), reply.getText());
        }
    }

    /** Answers every request on the request queue, asynchronously, until the connection closes. */
    private static void startResponder(Connection connection) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue requests = session.createQueue(REQUEST_QUEUE);
        // An anonymous producer (no destination) can send anywhere: each reply goes to its request's JMSReplyTo.
        MessageProducer replier = session.createProducer(null);
        // A MessageListener receives messages on the session's own thread; it is the asynchronous alternative to
        // receive(). A session is single-threaded, so the listener may use it (and the replier) freely.
        session.createConsumer(requests).setMessageListener((Message message) -> {
            try {
                String text = ((TextMessage) message).getText();
                TextMessage reply = session.createTextMessage("pong (you said '" + text + "')");
                // Prefer the requester's correlation ID; a common convention falls back to its message ID.
                String correlationId = message.getJMSCorrelationID() != null
                        ? message.getJMSCorrelationID() : message.getJMSMessageID();
                reply.setJMSCorrelationID(correlationId);
                if (message.getJMSReplyTo() != null) {
                    replier.send(message.getJMSReplyTo(), reply);
                    System.out.println("responder answered '" + text + "'");
                }
            } catch (JMSException e) {
                System.err.println("responder failed: " + e);
            }
        });
        connection.start();
    }
}
