package org.rocketjms.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Enumeration;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Static helpers around messages: converting another provider's message into a RocketJMS one (Jakarta Messaging
 * requires a provider to send foreign message implementations) and generating message IDs.
 */
public final class RocketMessages {
    private static final Logger LOG = LoggerFactory.getLogger(RocketMessages.class);
    private static final int COPY_CHUNK = 8192;

    private RocketMessages() {
    }

    /**
     * 96 random bits drawn once per class loader (24 hex digits), followed by a counter: unique across producers and
     * JVMs as a random UUID per message would be (the chance that two of a million JVMs draw the same prefix is below
     * 10^-17), without a SecureRandom draw for every message (about 0.3 µs, and a lock producers contend on).
     */
    private static final String ID_PREFIX = idPrefix();
    private static final AtomicLong ID_SEQUENCE = new AtomicLong();

    private static String idPrefix() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return "ID:" + HexFormat.of().formatHex(random) + '-';
    }

    /** A new unique message ID of the form {@code ID:<24 hex digits>-<counter in hex>}. */
    public static String newMessageId() {
        return ID_PREFIX + Long.toHexString(ID_SEQUENCE.incrementAndGet());
    }

    /**
     * A RocketJMS copy of any provider's message, using only the standard interfaces: headers, properties and the
     * body of the five kinds (a message of none of them becomes a plain message). A RocketJMS message is returned
     * unchanged. A foreign bytes or stream message is {@code reset()} to be read and left reset (read-only, at its
     * start). A foreign {@code JMSReplyTo}/{@code JMSDestination} that is neither a Queue nor a Topic is dropped, as
     * the specification allows. The copy is writable, like a newly created message.
     *
     * @throws MessageFormatException when a property name or value, or the body, cannot be carried over
     * @throws JMSException           when the foreign message fails
     */
    public static RocketMessage fromForeign(Message foreign) throws JMSException {
        if (foreign instanceof RocketMessage own) {
            return own;
        }
        RocketMessage copy = copyBody(foreign);
        copy.setJMSMessageID(foreign.getJMSMessageID());
        copy.setJMSTimestamp(foreign.getJMSTimestamp());
        copy.setJMSCorrelationID(foreign.getJMSCorrelationID());
        copy.setJMSReplyTo(destination(foreign.getJMSReplyTo(), "JMSReplyTo"));
        copy.setJMSDestination(destination(foreign.getJMSDestination(), "JMSDestination"));
        copy.setJMSDeliveryMode(foreign.getJMSDeliveryMode());
        copy.setJMSRedelivered(foreign.getJMSRedelivered());
        copy.setJMSType(foreign.getJMSType());
        copy.setJMSExpiration(foreign.getJMSExpiration());
        copy.setJMSDeliveryTime(foreign.getJMSDeliveryTime());
        copy.setJMSPriority(foreign.getJMSPriority());

        Enumeration<?> names = foreign.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = String.valueOf(names.nextElement());
            try {
                copy.setObjectProperty(name, foreign.getObjectProperty(name));
            } catch (IllegalArgumentException e) {
                throw JmsErrors.format("the foreign message has property '" + name + "', which is not a valid"
                        + " property name: " + e.getMessage(), e);
            }
        }
        return copy;
    }

    private static RocketMessage copyBody(Message foreign) throws JMSException {
        if (foreign instanceof TextMessage t) {
            return new RocketTextMessage(t.getText());
        }
        if (foreign instanceof BytesMessage b) {
            RocketBytesMessage m = new RocketBytesMessage();
            m.setBodyUnchecked(readAll(b));
            return m;
        }
        if (foreign instanceof MapMessage map) {
            RocketMapMessage m = new RocketMapMessage();
            Enumeration<?> names = map.getMapNames();
            while (names.hasMoreElements()) {
                String name = String.valueOf(names.nextElement());
                m.setObject(name, map.getObject(name));
            }
            return m;
        }
        if (foreign instanceof StreamMessage s) {
            RocketStreamMessage m = new RocketStreamMessage();
            s.reset();
            while (true) {
                Object field;
                try {
                    field = s.readObject();
                } catch (MessageEOFException end) {
                    // the standard interface has no "has next": the end of the stream is signalled this way
                    LOG.trace("copied {} field(s) of a foreign StreamMessage", m.fieldList().size());
                    break;
                }
                m.writeObject(field);
            }
            s.reset();
            return m;
        }
        if (foreign instanceof ObjectMessage o) {
            RocketObjectMessage m = new RocketObjectMessage();
            m.setObject(o.getObject());
            return m;
        }
        return new RocketMessage();
    }

    private static byte[] readAll(BytesMessage b) throws JMSException {
        b.reset();
        long length = b.getBodyLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new MessageFormatException("the foreign BytesMessage body of " + length + " bytes is too large");
        }
        byte[] data = new byte[(int) length];
        byte[] chunk = new byte[(int) Math.max(1, Math.min(COPY_CHUNK, length))];
        int filled = 0;
        while (filled < data.length) {
            int n = b.readBytes(chunk, Math.min(chunk.length, data.length - filled));
            if (n <= 0) {
                throw new MessageFormatException("the foreign BytesMessage ended after " + filled + " of its "
                        + length + " bytes");
            }
            System.arraycopy(chunk, 0, data, filled, n);
            filled += n;
        }
        b.reset();
        return data;
    }

    private static Destination destination(Destination d, String header) throws JMSException {
        if (d == null) {
            return null;
        }
        try {
            return DefaultDestinationCodec.toRocket(d);
        } catch (InvalidDestinationException e) {
            LOG.warn("dropping the {} of a foreign message: {}", header, e.getMessage());
            return null;
        }
    }
}
