package org.rocketjms.remoting;

import java.util.concurrent.ExecutorService;

import org.rocketjms.remoting.exception.RemotingException;

/**
 * What servers and clients have in common: a life cycle and a processor table for the requests they
 * receive.
 *
 * <p>Processors may be registered before or after {@link #start()}; a later registration for the same
 * code replaces the earlier one. The executors belong to the caller and are not shut down by
 * {@link #shutdown()}.
 */
public interface RemotingService {

    /** Starts the service; may be called once. */
    void start() throws RemotingException;

    /** Closes all connections, fails all pending requests and stops internal threads. Idempotent. */
    void shutdown();

    /** Routes requests with {@code requestCode} to {@code processor}, run on {@code executor}. */
    void registerProcessor(int requestCode, RequestProcessor processor, ExecutorService executor);

    /**
     * Routes requests with {@code requestCode} to {@code processor} on {@code executor}, one request at a time per
     * connection in arrival order (together with every other code registered this way): a client may pipeline
     * several such requests on one connection and they are processed in the order it sent them. When a
     * connection's queue of such requests runs empty, {@code afterDrain} (may be null) runs on the same thread; a
     * processor can leave work that covers several requests (for example one disk flush) to it.
     */
    void registerOrderedProcessor(int requestCode, RequestProcessor processor, ExecutorService executor,
                                  Runnable afterDrain);

    /** Routes requests whose code has no registered processor to {@code processor}, run on {@code executor}. */
    void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor);
}
