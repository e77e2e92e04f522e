package org.rocketjms.remoting;

/**
 * An {@link InvokeCallback} short and non-blocking enough to run on the network I/O thread that read its response
 * (it completes a future or hands messages to a buffer). Running it there saves the hand-off to a callback thread
 * and back, two context switches per request. Only a response runs inline: a request that failed (timed out, could
 * not be sent, lost its connection) still reaches its callback on the callback executor, as every callback used to.
 * Whatever the callback completes must not run application code in that thread.
 */
@FunctionalInterface
public interface InlineInvokeCallback extends InvokeCallback {
}
