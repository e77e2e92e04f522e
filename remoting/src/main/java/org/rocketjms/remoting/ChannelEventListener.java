package org.rocketjms.remoting;

/**
 * Observes the life of connections. Events are delivered on one dedicated thread per server or
 * client (never a network I/O thread), in the order they happened. Exceptions thrown by a listener are
 * logged and do not affect the connection. All methods default to doing nothing.
 */
public interface ChannelEventListener {

    /** A connection was established. */
    default void onConnect(RemotingChannel channel) {
    }

    /** A connection closed, for whatever reason. Requests pending on it have already failed. */
    default void onClose(RemotingChannel channel) {
    }

    /** A connection saw no traffic for the configured idle time; it is closed right after. */
    default void onIdle(RemotingChannel channel) {
    }

    /** A connection failed with {@code cause}; it is closed right after. */
    default void onException(RemotingChannel channel, Throwable cause) {
    }
}
