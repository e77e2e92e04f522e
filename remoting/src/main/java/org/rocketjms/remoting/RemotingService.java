package org.rocketjms.remoting;

import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.protocol.RemotingCommand;

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

    /**
     * {@link #registerOrderedProcessor(int, RequestProcessor, ExecutorService, Runnable)}, except that a request for
     * which {@code onIoThread} says true is processed right on the I/O thread it arrived on, without a hand-off to
     * {@code executor} and back, if none of the connection's ordered requests is queued or running on the executor
     * (so arrival order still holds). That is for short requests on the latency path (a synchronous message send),
     * where waking a pool thread, and the I/O thread again for the response, costs more than the work. The I/O thread
     * serves other connections too, so such requests must not wait for other threads. For requests processed there,
     * {@code afterDrain} runs on the I/O thread once it has processed everything one socket read delivered (once for
     * all of them; also when the connection closes before that). A null {@code onIoThread} keeps every request on
     * {@code executor}, as the four-argument form does.
     */
    void registerOrderedProcessor(int requestCode, RequestProcessor processor, ExecutorService executor,
                                  Runnable afterDrain, Predicate<RemotingCommand> onIoThread);

    /**
     * Routes requests with {@code requestCode} to {@code processor}, run right on the I/O thread each arrived on, with
     * no hand-off to a pool and back: for short requests whose cost is mostly that hand-off (a consumer's receive
     * and acknowledge). Such a processor must not wait for other threads, as the I/O thread serves other connections
     * too. {@code afterReadBatch} (may be null) runs on the I/O thread once it has processed everything one socket
     * read delivered (once for all of them; also when the connection closes before that); a processor can leave work
     * that covers several requests to it (one disk flush), as with
     * {@link #registerOrderedProcessor(int, RequestProcessor, ExecutorService, Runnable, Predicate)}.
     */
    void registerIoThreadProcessor(int requestCode, RequestProcessor processor, Runnable afterReadBatch);

    /** Routes requests whose code has no registered processor to {@code processor}, run on {@code executor}. */
    void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor);
}
