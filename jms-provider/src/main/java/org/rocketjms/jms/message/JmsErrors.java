package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

/** Builds JMS exceptions that carry their cause both as linked exception and as {@link Throwable#getCause()}. */
final class JmsErrors {
    private JmsErrors() {
    }

    static MessageFormatException format(String message, Throwable cause) {
        MessageFormatException e = new MessageFormatException(message);
        return link(e, cause);
    }

    static <E extends JMSException> E link(E e, Throwable cause) {
        if (cause != null) {
            if (cause instanceof Exception ex) {
                e.setLinkedException(ex);
            }
            e.initCause(cause);
        }
        return e;
    }
}
