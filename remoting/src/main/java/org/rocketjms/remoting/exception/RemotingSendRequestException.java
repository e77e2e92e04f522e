package org.rocketjms.remoting.exception;

/**
 * The request could not be delivered or its response could not be received: the write failed, the
 * command could not be encoded, or the channel closed before the response arrived.
 *
 * <p>The message says which; when the channel closed after the write, the peer may have processed
 * the request.
 */
public class RemotingSendRequestException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the address and the reason. */
    public RemotingSendRequestException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public RemotingSendRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
