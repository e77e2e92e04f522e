package org.rocketjms.remoting;

import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;

/**
 * A listening endpoint that dispatches requests to processors and can also send requests to the
 * clients connected to it (responses are matched by opaque).
 */
public interface RemotingServer extends RemotingService {

    /** Returns the port actually bound (useful when configured with port 0), or -1 before start. */
    int localPort();

    /**
     * Sends a request to a connected client and waits for its response.
     *
     * @throws RemotingTimeoutException if no response arrived within {@code timeoutMillis}
     * @throws RemotingSendRequestException if the write failed or the channel closed first
     */
    RemotingCommand invokeSync(RemotingChannel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException;

    /**
     * Sends a request to a connected client; {@code callback} receives the outcome exactly once.
     * Exceptions are thrown only for failures before the request was handed to the channel.
     *
     * @throws RemotingTimeoutException if no in-flight slot became free within {@code timeoutMillis}
     * @throws RemotingSendRequestException if the request could not be registered for sending
     */
    void invokeAsync(RemotingChannel channel, RemotingCommand request, long timeoutMillis, InvokeCallback callback)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException;

    /**
     * Sends a request to a connected client that expects no response; write failures are logged.
     *
     * @throws RemotingTimeoutException if no in-flight slot became free within {@code timeoutMillis}
     */
    void invokeOneway(RemotingChannel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException;
}
