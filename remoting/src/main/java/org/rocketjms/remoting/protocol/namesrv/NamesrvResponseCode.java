package org.rocketjms.remoting.protocol.namesrv;

/**
 * Domain response codes of the name server (values of at least
 * {@link org.rocketjms.remoting.protocol.ResponseCode#FIRST_DOMAIN_CODE}); success is the remoting
 * layer's {@link org.rocketjms.remoting.protocol.ResponseCode#SUCCESS}. The remark of an error response
 * always says what was wrong.
 */
public final class NamesrvResponseCode {

    /** No live broker serves the requested topic; the remark names the topic. */
    public static final int TOPIC_NOT_EXIST = 17;

    /** The request's header or body is missing a field or malformed; the remark says which. */
    public static final int INVALID_REQUEST = 18;

    private NamesrvResponseCode() {
    }
}
