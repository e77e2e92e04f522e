package org.rocketjms.remoting;

/**
 * Receives the outcome of an asynchronous request exactly once, on the callback executor of the
 * server or client (never a network I/O thread, unless it is an {@link InlineInvokeCallback} receiving a
 * response). Exceptions thrown here are logged and swallowed.
 */
@FunctionalInterface
public interface InvokeCallback {

    /**
     * Called once the future is done: {@link ResponseFuture#isSuccess()} tells whether a response
     * arrived, {@link ResponseFuture#getCause()} otherwise says why not (timeout, send failure,
     * channel closed).
     */
    void operationComplete(ResponseFuture future);
}
