package org.rocketjms.remoting.netty;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.InlineInvokeCallback;
import org.rocketjms.remoting.InvokeCallback;
import org.rocketjms.remoting.RemotingService;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.ResponseFuture;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Netty server and client share: the processor table and request dispatch, the response
 * table with its timeout sweeper, sync/async/oneway invocation with in-flight limits, and delivery of
 * callbacks and channel events on their own threads.
 *
 * <p>Invariant of the response table: whoever removes a future from it completes that future, so
 * every future is completed exactly once (response, write failure, channel close, timeout or shutdown)
 * and its in-flight permit is released exactly once.
 */
abstract class NettyRemotingAbstract implements RemotingService {

    /** How often pending requests are checked for timeouts. */
    static final long SWEEP_INTERVAL_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingAbstract.class);

    private final String role;
    private final NettyTransportConfig config;
    private final ChannelEventListener listener;
    private final ConcurrentHashMap<Integer, ResponseFuture> responseTable = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ProcessorBinding> processorTable = new ConcurrentHashMap<>();
    private volatile ProcessorBinding defaultProcessor;
    private final Semaphore asyncPermits;
    private final Semaphore onewayPermits;
    private final RemotingHandler handler = new RemotingHandler();
    private volatile ExecutorService callbackExecutor;
    private volatile ExecutorService eventExecutor;
    private volatile ScheduledExecutorService sweeper;
    private volatile java.util.concurrent.ScheduledFuture<?> sweep;
    private volatile boolean ownHelpers;

    NettyRemotingAbstract(String role, NettyTransportConfig config, ChannelEventListener listener) {
        this.role = role;
        this.config = Objects.requireNonNull(config, "config");
        config.validate();
        this.listener = listener;
        this.asyncPermits = new Semaphore(config.getAsyncRequestLimit(), true);
        this.onewayPermits = new Semaphore(config.getOnewayRequestLimit(), true);
    }

    @Override
    public void registerProcessor(int requestCode, RequestProcessor processor, ExecutorService executor) {
        processorTable.put(requestCode, new ProcessorBinding(processor, executor));
    }

    @Override
    public void registerOrderedProcessor(int requestCode, RequestProcessor processor, ExecutorService executor,
                                         Runnable afterDrain) {
        registerOrderedProcessor(requestCode, processor, executor, afterDrain, null);
    }

    @Override
    public void registerOrderedProcessor(int requestCode, RequestProcessor processor, ExecutorService executor,
                                         Runnable afterDrain, Predicate<RemotingCommand> onIoThread) {
        processorTable.put(requestCode, ProcessorBinding.ordered(processor, executor, afterDrain, onIoThread));
    }

    @Override
    public void registerIoThreadProcessor(int requestCode, RequestProcessor processor, Runnable afterReadBatch) {
        processorTable.put(requestCode, ProcessorBinding.onIoThread(processor, afterReadBatch));
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        defaultProcessor = new ProcessorBinding(processor, executor);
    }

    /** The shared, stateless inbound handler that ends every pipeline. */
    final RemotingHandler handler() {
        return handler;
    }

    final String role() {
        return role;
    }

    /** Starts the helper threads; called by subclasses at the beginning of {@code start()}. */
    final void startHelpers() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("rocketjms-" + role + "-sweeper"));
        startHelpers(Executors.newFixedThreadPool(config.getCallbackExecutorThreads(),
                        new NamedThreadFactory("rocketjms-" + role + "-callback")),
                Executors.newSingleThreadExecutor(new NamedThreadFactory("rocketjms-" + role + "-event")), s, true);
    }

    /**
     * Uses the given executors for callbacks, channel events and the timeout sweep; {@code owned} executors are shut
     * down by {@link #stopHelpers()}, shared ones are left running (only this instance's sweep is cancelled).
     */
    final void startHelpers(ExecutorService callbacks, ExecutorService events, ScheduledExecutorService timer,
                            boolean owned) {
        callbackExecutor = callbacks;
        eventExecutor = events;
        sweeper = timer;
        ownHelpers = owned;
        sweep = timer.scheduleWithFixedDelay(this::sweepTimedOut, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Fails whatever is still pending and stops the helper threads (own ones; shared ones keep running); called by
     * subclasses after the event loops have terminated (or this instance's channels closed) so every close event has
     * been queued. Queued callbacks and events still run.
     */
    final void stopHelpers() {
        for (ResponseFuture f : responseTable.values()) {
            failFuture(f, new RemotingSendRequestException("remoting " + role + " shut down before the response to "
                    + "request " + f.getOpaque() + " from " + f.getChannel().remoteAddress() + " arrived"));
        }
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (!ownHelpers) {
            return;
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (callbackExecutor != null) {
            callbackExecutor.shutdown();
        }
        if (eventExecutor != null) {
            eventExecutor.shutdown();
        }
    }

    /** Number of requests waiting for a response; for monitoring and tests. */
    public final int pendingRequestCount() {
        return responseTable.size();
    }

    // ---------------------------------------------------------------- invocation

    final RemotingCommand invokeSyncImpl(NettyRemotingChannel ch, RemotingCommand request, long timeoutMillis)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException {
        checkRequest(request, timeoutMillis);
        ResponseFuture future = new ResponseFuture(request.getOpaque(), ch, timeoutMillis, null, null);
        register(future);
        write(ch, request, future);
        try {
            if (!future.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                failFuture(future, timeout(future));
                // If a response or failure won the race, its thread is completing the future right now.
                future.await(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            failFuture(future, new RemotingSendRequestException("interrupted while waiting for the response to "
                    + "request " + future.getOpaque() + " from " + ch.remoteAddress()));
            throw e;
        }
        RemotingCommand response = future.getResponse();
        if (response != null) {
            return response;
        }
        RemotingException cause = future.getCause();
        if (cause instanceof RemotingTimeoutException) {
            throw new RemotingTimeoutException(cause.getMessage(), cause);
        }
        throw new RemotingSendRequestException(cause.getMessage(), cause);
    }

    final void invokeAsyncImpl(NettyRemotingChannel ch, RemotingCommand request, long timeoutMillis,
                               InvokeCallback callback)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException {
        checkRequest(request, timeoutMillis);
        Objects.requireNonNull(callback, "callback");
        acquireAsyncPermit(String.valueOf(ch.remoteAddress()), timeoutMillis);
        sendAsyncWithPermit(ch, request, timeoutMillis, callback);
    }

    /**
     * Takes an in-flight slot for an async request to {@code target}, waiting up to {@code timeoutMillis}; the slot
     * goes back when the request completes (or must be given back with {@link #releaseAsyncPermit()} if it is never
     * sent).
     */
    final void acquireAsyncPermit(String target, long timeoutMillis)
            throws RemotingTimeoutException, InterruptedException {
        if (!asyncPermits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new RemotingTimeoutException("no async request slot became free within " + timeoutMillis
                    + " ms (limit " + config.getAsyncRequestLimit() + " in flight); request to " + target
                    + " not sent");
        }
    }

    /** Gives back a slot taken by {@link #acquireAsyncPermit} for a request that was not sent. */
    final void releaseAsyncPermit() {
        asyncPermits.release();
    }

    /**
     * Sends an async request whose in-flight slot the caller holds; the slot is released when the request completes,
     * or here if it cannot be registered.
     */
    final void sendAsyncWithPermit(NettyRemotingChannel ch, RemotingCommand request, long timeoutMillis,
                                   InvokeCallback callback) throws RemotingSendRequestException {
        ResponseFuture future = new ResponseFuture(request.getOpaque(), ch, timeoutMillis, callback,
                asyncPermits::release);
        try {
            register(future);
        } catch (RemotingSendRequestException e) {
            asyncPermits.release();
            throw e;
        }
        write(ch, request, future);
    }

    /** Completes an async request that could not be sent with {@code cause}: its callback runs on the callback executor. */
    final void failAsync(NettyRemotingChannel ch, RemotingCommand request, long timeoutMillis, InvokeCallback callback,
                         RemotingException cause) {
        ResponseFuture f = new ResponseFuture(request.getOpaque(), ch, Math.max(1, timeoutMillis), callback, null);
        if (f.fail(cause)) {
            executeCallback(f);
        }
    }

    final void invokeOnewayImpl(NettyRemotingChannel ch, RemotingCommand request, long timeoutMillis)
            throws RemotingTimeoutException, InterruptedException {
        checkRequest(request, timeoutMillis);
        request.markOneway();
        if (!onewayPermits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new RemotingTimeoutException("no oneway request slot became free within " + timeoutMillis
                    + " ms (limit " + config.getOnewayRequestLimit() + " in flight); request to "
                    + ch.remoteAddress() + " not sent");
        }
        ch.write(request).addListener(f -> {
            onewayPermits.release();
            if (!f.isSuccess()) {
                LOG.warn("Failed to send oneway request (code={}, opaque={}) to {}",
                        request.getCode(), request.getOpaque(), ch.remoteAddress(), f.cause());
            }
        });
    }

    static void checkRequest(RemotingCommand request, long timeoutMillis) {
        Objects.requireNonNull(request, "request");
        if (request.isResponse()) {
            throw new IllegalArgumentException("a response cannot be sent as a request: " + request);
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
    }

    private void register(ResponseFuture future) throws RemotingSendRequestException {
        if (responseTable.putIfAbsent(future.getOpaque(), future) != null) {
            throw new RemotingSendRequestException("a request with opaque " + future.getOpaque()
                    + " is already waiting for a response; a command cannot be sent twice at once");
        }
    }

    private void write(NettyRemotingChannel ch, RemotingCommand request, ResponseFuture future) {
        ch.write(request).addListener(f -> {
            if (!f.isSuccess()) {
                failFuture(future, new RemotingSendRequestException("failed to send request " + future.getOpaque()
                        + " (code " + request.getCode() + ") to " + ch.remoteAddress() + ": " + f.cause(), f.cause()));
            }
        });
    }

    private static RemotingTimeoutException timeout(ResponseFuture f) {
        return new RemotingTimeoutException("no response from " + f.getChannel().remoteAddress() + " to request "
                + f.getOpaque() + " within " + f.getTimeoutMillis() + " ms");
    }

    /** Completes {@code f} with {@code cause} if it is still pending; see the class invariant. */
    private void failFuture(ResponseFuture f, RemotingException cause) {
        if (responseTable.remove(f.getOpaque(), f) && f.fail(cause)) {
            executeCallback(f);
        }
    }

    private void executeCallback(ResponseFuture f) {
        InvokeCallback callback = f.getCallback();
        if (callback == null) {
            return;
        }
        if (callback instanceof InlineInvokeCallback && f.isSuccess()) {
            runCallback(callback, f); // a response, on the I/O thread that read it
            return;
        }
        try {
            callbackExecutor.execute(() -> runCallback(callback, f));
        } catch (RejectedExecutionException e) {
            LOG.debug("Callback executor of remoting {} is shut down; running the callback of request {} inline",
                    role, f.getOpaque(), e);
            runCallback(callback, f);
        }
    }

    private static void runCallback(InvokeCallback callback, ResponseFuture f) {
        try {
            callback.operationComplete(f);
        } catch (RuntimeException | Error e) {
            LOG.warn("InvokeCallback of request {} threw", f.getOpaque(), e);
        }
    }

    private void sweepTimedOut() {
        try {
            long now = System.nanoTime();
            for (ResponseFuture f : responseTable.values()) {
                if (f.isExpired(now)) {
                    failFuture(f, timeout(f));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Timeout sweep of remoting {} failed; it runs again in {} ms", role, SWEEP_INTERVAL_MILLIS, e);
        }
    }

    private void failPendingOn(NettyRemotingChannel ch) {
        for (ResponseFuture f : responseTable.values()) {
            if (f.getChannel() == ch) {
                failFuture(f, new RemotingSendRequestException("connection to " + ch.remoteAddress()
                        + " closed before the response to request " + f.getOpaque() + " arrived"));
            }
        }
    }

    // ---------------------------------------------------------------- inbound

    private void dispatch(NettyRemotingChannel ch, RemotingCommand cmd) {
        if (cmd.isResponse()) {
            handleResponse(ch, cmd);
        } else {
            handleRequest(ch, cmd);
        }
    }

    private void handleResponse(NettyRemotingChannel ch, RemotingCommand response) {
        ResponseFuture f = responseTable.get(response.getOpaque());
        if (f == null || f.getChannel() != ch || !responseTable.remove(response.getOpaque(), f)) {
            LOG.warn("Dropping response (opaque={}, code={}) from {}: no request waiting for it (timed out or unknown)",
                    response.getOpaque(), response.getCode(), ch.remoteAddress());
            return;
        }
        if (f.complete(response)) {
            executeCallback(f);
        }
    }

    private void handleRequest(NettyRemotingChannel ch, RemotingCommand request) {
        ProcessorBinding binding = processorTable.get(request.getCode());
        if (binding == null) {
            binding = defaultProcessor;
        }
        if (binding == null) {
            LOG.info("Request code {} from {} is not supported", request.getCode(), ch.remoteAddress());
            respond(ch, request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.getCode() + " is not supported");
            return;
        }
        RequestProcessor processor = binding.processor;
        boolean reject;
        try {
            reject = processor.rejectRequest();
        } catch (RuntimeException e) {
            LOG.warn("rejectRequest() of the processor for request code {} threw; treating the request as rejected",
                    request.getCode(), e);
            reject = true;
        }
        if (reject) {
            respond(ch, request, ResponseCode.SYSTEM_BUSY,
                    "request code " + request.getCode() + " rejected: system busy, try again later");
            return;
        }
        if (binding.ordered) {
            OrderedRequests queue = ch.orderedRequests();
            if (binding.onIoThread != null && onIoThread(binding, request) && queue.isIdle()) {
                // only this I/O thread adds to the queue, so it stays idle while the request runs here
                runOnIoThread(binding, ch, request);
                return;
            }
            if (queue.add(new OrderedRequests.Task(binding, request))) {
                startDrain(ch, queue, binding.executor);
            }
            return;
        }
        if (binding.executor == null) { // registerIoThreadProcessor
            runOnIoThread(binding, ch, request);
            return;
        }
        try {
            binding.executor.execute(() -> runProcessor(processor, ch, request));
        } catch (RejectedExecutionException e) {
            LOG.warn("Executor for request code {} rejected a request from {} (queue full or shut down); "
                    + "answering SYSTEM_BUSY", request.getCode(), ch.remoteAddress());
            LOG.debug("Rejection detail", e);
            respond(ch, request, ResponseCode.SYSTEM_BUSY,
                    "too many requests with code " + request.getCode() + " queued: system busy, try again later");
        }
    }

    /** Processes a request on the I/O thread that read it; the binding's after-read action runs after that read. */
    private void runOnIoThread(ProcessorBinding binding, NettyRemotingChannel ch, RemotingCommand request) {
        runProcessor(binding.processor, ch, request);
        if (binding.afterDrain != null) {
            ch.setAfterReadBatch(binding.afterDrain);
        }
    }

    private static boolean onIoThread(ProcessorBinding binding, RemotingCommand request) {
        try {
            return binding.onIoThread.test(request);
        } catch (RuntimeException e) {
            LOG.debug("the I/O-thread test of request code {} threw; the request goes to its executor",
                    request.getCode(), e);
            return false;
        }
    }

    /** Runs a connection's ordered requests one after another on {@code executor}. */
    private void startDrain(NettyRemotingChannel ch, OrderedRequests queue, ExecutorService executor) {
        try {
            executor.execute(() -> drain(ch, queue, executor));
        } catch (RejectedExecutionException e) {
            LOG.warn("Executor for ordered requests from {} rejected them (queue full or shut down); answering"
                    + " SYSTEM_BUSY", ch.remoteAddress());
            LOG.debug("Rejection detail", e);
            for (OrderedRequests.Task t = queue.next(); t != null; t = queue.next()) {
                respond(ch, t.request(), ResponseCode.SYSTEM_BUSY, "too many requests with code "
                        + t.request().getCode() + " queued: system busy, try again later");
            }
        }
    }

    private void drain(NettyRemotingChannel ch, OrderedRequests queue, ExecutorService executor) {
        Runnable afterDrain = null;
        for (int n = 0; n < OrderedRequests.MAX_PER_TURN; n++) {
            OrderedRequests.Task t = queue.next();
            if (t == null) {
                if (afterDrain != null) {
                    runQuietly(afterDrain);
                }
                return;
            }
            runProcessor(t.binding().processor, ch, t.request());
            if (t.binding().afterDrain != null) {
                afterDrain = t.binding().afterDrain;
            }
        }
        // let other connections' work run on this pool too; the rest of this queue continues in a new turn
        if (afterDrain != null) {
            runQuietly(afterDrain);
        }
        startDrain(ch, queue, executor);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("after-drain action of ordered requests failed", e);
        }
    }

    private static void runProcessor(RequestProcessor processor, NettyRemotingChannel ch, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = processor.processRequest(ch, request);
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.warn("Processor for request code {} from {} failed", request.getCode(), ch.remoteAddress(), e);
            String remark = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            respond(ch, request, ResponseCode.SYSTEM_ERROR, remark);
            return;
        }
        if (response == null || request.isOneway()) {
            return;
        }
        response.setOpaque(request.getOpaque());
        ch.writeResponse(response);
    }

    private static void respond(NettyRemotingChannel ch, RemotingCommand request, int code, String remark) {
        if (!request.isOneway()) {
            ch.writeResponse(RemotingCommand.createResponseTo(request, code, remark));
        }
    }

    private void fireEvent(String what, Consumer<ChannelEventListener> event) {
        if (listener == null || eventExecutor == null) {
            return;
        }
        try {
            eventExecutor.execute(() -> {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    LOG.warn("ChannelEventListener.{} threw", what, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Dropping {} event: remoting {} is shut down", what, role, e);
        }
    }

    /** Ends every pipeline: dispatches commands and turns connection life-cycle changes into events. */
    @Sharable
    final class RemotingHandler extends SimpleChannelInboundHandler<RemotingCommand> {

        private RemotingHandler() {
            super(RemotingCommand.class);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            NettyRemotingChannel ch = NettyRemotingChannel.of(ctx.channel());
            LOG.debug("Remoting {}: connection {} established", role, ch);
            fireEvent("onConnect", l -> l.onConnect(ch));
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand msg) {
            dispatch(NettyRemotingChannel.of(ctx.channel()), msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            runAfterReadBatch(NettyRemotingChannel.of(ctx.channel()));
            super.channelReadComplete(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            NettyRemotingChannel ch = NettyRemotingChannel.of(ctx.channel());
            runAfterReadBatch(ch); // a read's last requests may have closed it before channelReadComplete
            LOG.debug("Remoting {}: connection {} closed", role, ch);
            failPendingOn(ch);
            fireEvent("onClose", l -> l.onClose(ch));
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                NettyRemotingChannel ch = NettyRemotingChannel.of(ctx.channel());
                LOG.info("Remoting {}: closing connection {} after {} s without traffic",
                        role, ch, config.getIdleSeconds());
                fireEvent("onIdle", l -> l.onIdle(ch));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            NettyRemotingChannel ch = NettyRemotingChannel.of(ctx.channel());
            if (cause instanceof IOException) {
                LOG.info("Remoting {}: closing connection {}: {}", role, ch, cause.toString());
            } else if (cause instanceof DecoderException) {
                LOG.warn("Remoting {}: closing connection {}: {}", role, ch, cause.toString());
            } else {
                LOG.warn("Remoting {}: closing connection {} after an unexpected error", role, ch, cause);
            }
            fireEvent("onException", l -> l.onException(ch, cause));
            ctx.close();
        }
    }

    private static void runAfterReadBatch(NettyRemotingChannel ch) {
        Runnable r = ch.takeAfterReadBatch();
        if (r != null) {
            runQuietly(r);
        }
    }

    /** A processor and the executor it runs on. */
    static final class ProcessorBinding {
        final RequestProcessor processor;
        /** Null for a processor that runs on the I/O thread ({@link #registerIoThreadProcessor}). */
        final ExecutorService executor;
        /** One request at a time per connection, in arrival order. */
        final boolean ordered;
        /**
         * Ordered: run when a connection's queue ran empty (or after a read processed on the I/O thread); I/O-thread
         * processors: after a read.
         */
        final Runnable afterDrain;
        /** Ordered only: which requests may run on the I/O thread while the connection's queue is idle, or null. */
        final Predicate<RemotingCommand> onIoThread;

        ProcessorBinding(RequestProcessor processor, ExecutorService executor) {
            this(processor, Objects.requireNonNull(executor, "executor"), false, null, null);
        }

        static ProcessorBinding onIoThread(RequestProcessor processor, Runnable afterReadBatch) {
            return new ProcessorBinding(processor, null, false, afterReadBatch, null);
        }

        static ProcessorBinding ordered(RequestProcessor processor, ExecutorService executor, Runnable afterDrain,
                                        Predicate<RemotingCommand> onIoThread) {
            return new ProcessorBinding(processor, Objects.requireNonNull(executor, "executor"), true, afterDrain,
                    onIoThread);
        }

        private ProcessorBinding(RequestProcessor processor, ExecutorService executor, boolean ordered,
                                 Runnable afterDrain, Predicate<RemotingCommand> onIoThread) {
            this.processor = Objects.requireNonNull(processor, "processor");
            this.executor = executor;
            this.ordered = ordered;
            this.afterDrain = afterDrain;
            this.onIoThread = onIoThread;
        }
    }
}
