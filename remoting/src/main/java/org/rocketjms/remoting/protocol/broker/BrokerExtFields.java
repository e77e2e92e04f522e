package org.rocketjms.remoting.protocol.broker;

/**
 * Optional extension fields that requests may carry beyond their typed header (added without changing existing
 * header layouts).
 */
public final class BrokerExtFields {
    /** UPDATE_AND_CREATE_TOPIC: {@code "true"} makes a temporary topic bound to the calling connection. */
    public static final String TEMPORARY = "temporary";
    /** UPDATE_AND_CREATE_TOPIC / DELETE_TOPIC: the calling client's id (owner of a temporary topic). */
    public static final String CLIENT_ID = "clientId";

    private BrokerExtFields() {
    }
}
