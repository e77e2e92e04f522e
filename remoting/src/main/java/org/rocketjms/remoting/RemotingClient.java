package org.rocketjms.remoting;

import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;

/**
 * Sends requests to servers addressed as {@code host:port}, keeping one connection per address that
 * is opened on first use and replaced when it dies. Processors registered on a client handle requests
 * the server sends over that connection.
 */
public interface RemotingClient extends RemotingService {

    /**
     * Sends a request and waits for its response.
     *
     * @throws RemotingConnectException if no connection could be obtained (the request was not sent)
     * @throws RemotingTimeoutException if no response arrived within {@code timeoutMillis}
     * @throws RemotingSendRequestException if the write failed or the connection closed first
     */
    RemotingCommand invokeSync(String addr, RemotingCommand request, long timeoutMillis)
            throws RemotingConnectException, RemotingTimeoutException, RemotingSendRequestException,
            InterruptedException;

    /**
     * Sends a request; {@code callback} receives the outcome exactly once. Exceptions are thrown only
     * for failures before the request was handed to the connection, and then the callback is not called.
     *
     * @throws RemotingConnectException if no connection could be obtained
     * @throws RemotingTimeoutException if connecting or waiting for an in-flight slot used up the timeout
     * @throws RemotingSendRequestException if the request could not be registered for sending
     */
    void invokeAsync(String addr, RemotingCommand request, long timeoutMillis, InvokeCallback callback)
            throws RemotingConnectException, RemotingTimeoutException, RemotingSendRequestException,
            InterruptedException;

    /**
     * Sends a request that expects no response; write failures are logged.
     *
     * @throws RemotingConnectException if no connection could be obtained
     * @throws RemotingTimeoutException if connecting or waiting for an in-flight slot used up the timeout
     */
    void invokeOneway(String addr, RemotingCommand request, long timeoutMillis)
            throws RemotingConnectException, RemotingTimeoutException, RemotingSendRequestException,
            InterruptedException;

    /** Closes the cached connection to {@code addr}, if any; the next request opens a new one. */
    void closeChannel(String addr);
}
