package org.rocketjms.jms.message;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;

/**
 * Converts the destinations of {@code JMSDestination} and {@code JMSReplyTo} to and from the string form they have
 * on the wire. The session layer may supply its own (for example to attach its temporary destinations' delete hooks
 * when decoding); {@link DefaultDestinationCodec} is the plain one.
 */
public interface DestinationCodec {
    /**
     * The string form of a destination, or null for null.
     *
     * @throws JMSException ({@code InvalidDestinationException}) when the destination cannot be represented
     */
    String encode(Destination destination) throws JMSException;

    /**
     * The destination a string form names, or null for null.
     *
     * @throws JMSException ({@code InvalidDestinationException}) when the text is not a destination string
     */
    Destination decode(String text) throws JMSException;
}
