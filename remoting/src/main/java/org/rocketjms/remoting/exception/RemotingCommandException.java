package org.rocketjms.remoting.exception;

/**
 * A command or one of its header fields is malformed: an inconsistent length in a received frame,
 * a missing or unparsable mandatory header field, or a command that cannot be encoded.
 *
 * <p>Decoders throw only this type for bad input, never an unchecked exception.
 */
public class RemotingCommandException extends RemotingException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what was wrong. */
    public RemotingCommandException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public RemotingCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
