package org.rocketjms.jms.client;

/**
 * A client-core operation failed. Carries the broker's response code and remark when the broker refused the
 * request (for example {@code MESSAGE_ILLEGAL} with "message of N bytes ... exceeds maxMessageSize M"), or one
 * of the negative client-side codes below when no broker answer explains the failure.
 *
 * <p>The JMS facade maps these onto the exceptions the specification names; {@link #getMessage()} is always a
 * sentence a user can act on.
 */
public class ClientException extends Exception {

    private static final long serialVersionUID = 1L;

    /** No broker could be reached, or none answered in time (all retries used). */
    public static final int BROKER_UNREACHABLE = -1;
    /** The operation did not finish within its timeout. */
    public static final int TIMEOUT = -2;
    /** No route and no broker is known for the topic. */
    public static final int NO_ROUTE = -3;
    /** The client or the consumer/producer is closed. */
    public static final int CLOSED = -4;
    /** The thread was interrupted while waiting. */
    public static final int INTERRUPTED = -5;
    /** The broker's answer could not be decoded. */
    public static final int BAD_RESPONSE = -6;

    private final int code;
    private final String remark;

    /**
     * @param code   the broker response code, or a negative client-side code
     * @param remark the broker's remark (or the client's reason)
     */
    public ClientException(int code, String remark) {
        super(remark + " (code " + code + ')');
        this.code = code;
        this.remark = remark;
    }

    /**
     * @param code   a client-side code
     * @param remark the reason
     * @param cause  the underlying failure
     */
    public ClientException(int code, String remark, Throwable cause) {
        super(remark + " (code " + code + ')', cause);
        this.code = code;
        this.remark = remark;
    }

    /** The broker's response code, or a negative client-side code. */
    public int getCode() {
        return code;
    }

    /** The broker's remark or the client's reason, without the code suffix. */
    public String getRemark() {
        return remark;
    }

    /** True if the broker answered (the code is a broker response code). */
    public boolean isBrokerError() {
        return code >= 0;
    }
}
