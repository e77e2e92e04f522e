package org.rocketjms.remoting.netty;

import java.util.ArrayDeque;

import org.rocketjms.remoting.protocol.RemotingCommand;

/**
 * The ordered requests of one connection waiting to be processed (see
 * {@link org.rocketjms.remoting.RemotingService#registerOrderedProcessor}): at most one thread drains them at a time,
 * in arrival order. Thread-safe.
 */
final class OrderedRequests {
    /** Requests one drain turn processes before it yields its pool thread to other connections. */
    static final int MAX_PER_TURN = 64;

    /** One request and the binding that processes it. */
    record Task(NettyRemotingAbstract.ProcessorBinding binding, RemotingCommand request) {
    }

    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private boolean draining;

    /** Queues a request; returns true if the caller must start a drain (none runs). */
    synchronized boolean add(Task t) {
        tasks.add(t);
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /** True if no request is queued and no drain runs: nothing of this connection is on the executor. */
    synchronized boolean isIdle() {
        return !draining;
    }

    /** The next request, or null (then the drain is over and the next {@link #add} starts a new one). */
    synchronized Task next() {
        Task t = tasks.poll();
        if (t == null) {
            draining = false;
        }
        return t;
    }
}
