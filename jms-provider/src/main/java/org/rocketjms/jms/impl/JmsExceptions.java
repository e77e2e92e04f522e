package org.rocketjms.jms.impl;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;

/**
 * Maps client-core failures onto the JMS exceptions the specification names, and checked JMS exceptions onto their
 * {@code *RuntimeException} twins for the simplified API. Messages always say what went wrong; the cause is kept as
 * both linked exception and {@link Throwable#getCause()}.
 */
public final class JmsExceptions {
    private JmsExceptions() {
    }

    /** A JMSException for a client-core failure, with {@code what} describing the operation. */
    public static JMSException of(String what, ClientException e) {
        String msg = what + " failed: " + e.getMessage();
        JMSException j;
        switch (e.getCode()) {
            case BrokerResponseCode.DISK_FULL:
            case BrokerResponseCode.DESTINATION_FULL:
                j = new ResourceAllocationException(msg, String.valueOf(e.getCode()));
                break;
            case BrokerResponseCode.CLIENT_ID_IN_USE:
                j = new InvalidClientIDException(msg, String.valueOf(e.getCode()));
                break;
            case BrokerResponseCode.SUBSCRIPTION_PARSE_FAILED:
                j = new InvalidSelectorException(msg, String.valueOf(e.getCode()));
                break;
            case BrokerResponseCode.TOPIC_NOT_EXIST:
                j = new InvalidDestinationException(msg, String.valueOf(e.getCode()));
                break;
            case BrokerResponseCode.NO_PERMISSION:
                j = new JMSSecurityException(msg, String.valueOf(e.getCode()));
                break;
            case BrokerResponseCode.TRANSACTION_NOT_FOUND:
                j = new TransactionRolledBackException(msg, String.valueOf(e.getCode()));
                break;
            case ClientException.CLOSED:
                j = new IllegalStateException(msg, String.valueOf(e.getCode()));
                break;
            default:
                j = new JMSException(msg, String.valueOf(e.getCode()));
        }
        return link(j, e);
    }

    /** Sets {@code cause} as linked exception and cause of {@code j}. */
    public static <E extends JMSException> E link(E j, Throwable cause) {
        if (cause != null) {
            if (cause instanceof Exception ex) {
                j.setLinkedException(ex);
            }
            if (j.getCause() == null) {
                j.initCause(cause);
            }
        }
        return j;
    }

    /** The runtime twin of a checked JMS exception (same message, code and cause). */
    public static JMSRuntimeException runtime(JMSException e) {
        String m = e.getMessage();
        String c = e.getErrorCode();
        JMSRuntimeException r;
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(m, c, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(m, c, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(m, c, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(m, c, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(m, c, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(m, c, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(m, c, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(m, c, e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(m, c, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(m, c, e);
        } else {
            r = new JMSRuntimeException(m, c, e);
        }
        return r;
    }

    /** An IllegalStateException saying {@code what} is closed. */
    public static IllegalStateException closed(String what) {
        return new IllegalStateException("the " + what + " is closed");
    }
}
