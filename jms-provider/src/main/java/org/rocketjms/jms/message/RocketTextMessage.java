package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.TextMessage;

/** A JMS {@link TextMessage}: a String body (null when none is set), read-only once delivered. */
public class RocketTextMessage extends RocketMessage implements TextMessage {
    private String text;

    /** Creates an empty, writable text message. */
    public RocketTextMessage() {
    }

    /** Creates a writable text message holding the given text. */
    public RocketTextMessage(String text) {
        this.text = text;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.TEXT;
    }

    @Override
    public void setText(String text) throws JMSException {
        requireBodyWritable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    void setTextUnchecked(String text) {
        this.text = text;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        text = null;
    }

    /** The text, when {@code c} is String or a supertype of it; null when there is no text. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (text == null) {
            return null;
        }
        if (!c.isAssignableFrom(String.class)) {
            throw new MessageFormatException("the body of a TextMessage is a String and cannot be returned as "
                    + c.getName());
        }
        return c.cast(text);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        Class<?> type = c;
        return text == null || type.isAssignableFrom(String.class);
    }
}
