package org.rocketjms.remoting.exception;

/**
 * Root of the checked exceptions raised by the remoting layer.
 *
 * <p>Callers that only need to know "the remote call did not produce a response" catch this type;
 * the subclasses say why (connect failure, timeout, send failure, malformed command).
 */
public class RemotingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what failed. */
    public RemotingException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
