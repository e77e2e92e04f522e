package org.rocketjms.jms.message;

import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import org.rocketjms.jms.destination.RocketDestination;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTemporaryQueue;
import org.rocketjms.jms.destination.RocketTemporaryTopic;
import org.rocketjms.jms.destination.RocketTopic;

/**
 * The default {@link DestinationCodec}: {@code queue://name}, {@code topic://name}, {@code temp-queue://name} and
 * {@code temp-topic://name}. It encodes RocketJMS destinations and any provider's {@link Queue}, {@link Topic},
 * {@link TemporaryQueue} or {@link TemporaryTopic} through the standard name getters, and decodes to the
 * {@code org.rocketjms.jms.destination} classes (temporary ones with a no-op delete hook). Stateless and
 * thread-safe; {@link #INSTANCE} is shared.
 */
public final class DefaultDestinationCodec implements DestinationCodec {
    /** The shared instance. */
    public static final DefaultDestinationCodec INSTANCE = new DefaultDestinationCodec();

    private DefaultDestinationCodec() {
    }

    @Override
    public String encode(Destination destination) throws JMSException {
        if (destination == null) {
            return null;
        }
        return toRocket(destination).toUri();
    }

    @Override
    public Destination decode(String text) throws JMSException {
        if (text == null) {
            return null;
        }
        try {
            return RocketDestination.parse(text);
        } catch (IllegalArgumentException e) {
            throw JmsErrors.link(new InvalidDestinationException(e.getMessage()), e);
        }
    }

    /**
     * The RocketJMS destination equal to any provider's destination (returned unchanged when already ours).
     *
     * @throws InvalidDestinationException when it is neither a queue nor a topic, or has no name
     */
    public static RocketDestination toRocket(Destination destination) throws JMSException {
        if (destination instanceof RocketDestination rd) {
            return rd;
        }
        try {
            if (destination instanceof TemporaryQueue q) {
                return new RocketTemporaryQueue(q.getQueueName());
            }
            if (destination instanceof TemporaryTopic t) {
                return new RocketTemporaryTopic(t.getTopicName());
            }
            if (destination instanceof Queue q) {
                return new RocketQueue(q.getQueueName());
            }
            if (destination instanceof Topic t) {
                return new RocketTopic(t.getTopicName());
            }
        } catch (IllegalArgumentException e) {
            throw JmsErrors.link(new InvalidDestinationException("destination " + destination
                    + " has no usable name: " + e.getMessage()), e);
        }
        throw new InvalidDestinationException("destination " + destination + " of class "
                + destination.getClass().getName() + " is neither a Queue nor a Topic");
    }
}
