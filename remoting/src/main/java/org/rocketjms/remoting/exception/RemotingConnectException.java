package org.rocketjms.remoting.exception;

/**
 * No usable connection to the remote address could be obtained: the address is invalid, the TCP
 * connect failed or timed out, or the endpoint is shut down.
 *
 * <p>When this is thrown the request was never written, so it is always safe to retry.
 */
public class RemotingConnectException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the address and the reason. */
    public RemotingConnectException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public RemotingConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
