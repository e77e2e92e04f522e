package org.rocketjms.remoting.exception;

/**
 * No response arrived within the caller's timeout (or no in-flight slot became free within it).
 *
 * <p>The request may or may not have been processed by the peer; a response arriving later is
 * dropped.
 */
public class RemotingTimeoutException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the address and the timeout. */
    public RemotingTimeoutException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public RemotingTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
