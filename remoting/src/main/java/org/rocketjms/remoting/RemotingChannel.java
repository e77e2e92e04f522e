package org.rocketjms.remoting;

import java.net.InetSocketAddress;

import org.rocketjms.remoting.protocol.RemotingCommand;

/**
 * One connection as seen by processors and listeners, independent of the transport library.
 *
 * <p>All methods are safe to call from any thread. The same instance represents the connection for
 * its whole life, so it can be used as a map key and compared by identity.
 */
public interface RemotingChannel {

    /** Returns the peer address as {@code host:port}, or {@code "unknown"} if it is not known. */
    String remoteAddress();

    /** Returns the peer's IP address and port, or null if the transport has none (in-JVM channels, tests). */
    default InetSocketAddress remoteSocketAddress() {
        return null;
    }

    /** Returns an id that is unique among the channels of this JVM. */
    String id();

    /** Returns true while the connection is open. */
    boolean isActive();

    /**
     * Sends a response, typically one a processor deferred by returning null. The command is marked
     * as a response; it must carry the opaque of the request it answers (see
     * {@link RemotingCommand#createResponseTo(RemotingCommand, int, String)}). If the channel is closed
     * the response is dropped and logged; write failures are logged, never thrown.
     */
    void writeResponse(RemotingCommand response);

    /** Closes the connection; requests pending on it fail at once. Closing twice is harmless. */
    void close();

    /** Returns the attribute stored under {@code key}, or null. */
    Object getAttribute(String key);

    /** Stores an attribute for the life of the channel; a null value removes it. */
    void setAttribute(String key, Object value);
}
