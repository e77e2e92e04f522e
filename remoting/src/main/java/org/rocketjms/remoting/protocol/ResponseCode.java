package org.rocketjms.remoting.protocol;

/**
 * Response codes defined by the remoting layer itself.
 *
 * <p>Codes 0 to 9 are reserved for the remoting layer. Domain modules (name server, broker) define
 * their own response codes from 10 upwards, either in their own classes or here later; a code keeps
 * its meaning forever once released because it travels on the wire.
 */
public final class ResponseCode {

    /** The request succeeded. */
    public static final int SUCCESS = 0;

    /** The processor failed; the remark carries the reason. */
    public static final int SYSTEM_ERROR = 1;

    /** The receiver is overloaded (processor rejected the request or its executor is full); retry later. */
    public static final int SYSTEM_BUSY = 2;

    /** No processor is registered for the request code; the remark names the code. */
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;

    /** First code available to domain modules. */
    public static final int FIRST_DOMAIN_CODE = 10;

    private ResponseCode() {
    }
}
