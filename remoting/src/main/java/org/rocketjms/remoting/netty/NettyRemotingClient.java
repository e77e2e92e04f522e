package org.rocketjms.remoting.netty;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.InvokeCallback;
import org.rocketjms.remoting.RemotingAddresses;
import org.rocketjms.remoting.RemotingClient;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemotingClient} on Netty NIO.
 *
 * <p>Keeps at most one connection per address: created lazily under a lock on first use, shared by
 * all callers, and replaced by a fresh one when it is found closed. The connect time counts against
 * the caller's timeout of a sync or oneway call; an async call never waits for a connect (its request
 * is written once the connection is up, or its callback hears the failure). In-flight async and oneway
 * requests are bounded by semaphores, so a caller that outpaces the network waits (up to its timeout)
 * instead of queueing without limit. All client threads are daemon threads.
 *
 * <p>Threads: by default ({@link NettyClientConfig#isSharedResources()}) every client of the JVM shares one
 * event loop group sized to the cores, one timer thread and small callback/event pools, reference-counted,
 * so a client costs no thread of its own and the last {@link #shutdown()} ends them all. A client
 * configured otherwise owns {@link NettyClientConfig#getWorkerThreads()} I/O threads and its helpers.
 */
public final class NettyRemotingClient extends NettyRemotingAbstract implements RemotingClient {

    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingClient.class);
    private static final long LOCK_TIMEOUT_MILLIS = 3000;

    private final NettyClientConfig config;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final ReentrantLock connectionLock = new ReentrantLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean running;
    private EventLoopGroup group;
    private SharedClientResources shared;
    private Bootstrap bootstrap;
    private SslContext sslContext;
    private RemotingFrameEncoder encoder;

    /** Creates a client without a channel event listener. */
    public NettyRemotingClient(NettyClientConfig config) {
        this(config, null);
    }

    /**
     * Creates a client.
     *
     * @param config settings, read at construction and start
     * @param listener receives connection events, or null
     */
    public NettyRemotingClient(NettyClientConfig config, ChannelEventListener listener) {
        super("client", config, listener);
        this.config = config;
    }

    @Override
    public void start() throws RemotingException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the client can be started only once");
        }
        sslContext = config.isTlsEnabled() ? TlsContexts.forClient(config) : null;
        encoder = new RemotingFrameEncoder(config.getMaxFrameLength());
        if (config.isSharedResources()) {
            shared = SharedClientResources.acquire();
            startHelpers(shared.callbacks, shared.events, shared.timer, false);
            group = shared.group;
        } else {
            startHelpers();
            group = Transports.group(config.getWorkerThreads(),
                    new DefaultThreadFactory("rocketjms-client-io", true));
        }
        bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.getConnectTimeoutMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.getWriteBufferLowWaterMark(),
                                config.getWriteBufferHighWaterMark()));
        if (config.getSocketSendBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, config.getSocketSendBufferSize());
        }
        if (config.getSocketReceiveBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, config.getSocketReceiveBufferSize());
        }
        running = true;
        LOG.debug("Remoting client started{}", sslContext != null ? " (TLS)" : "");
    }

    @Override
    public void shutdown() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        running = false;
        java.util.List<ChannelFuture> closing = new java.util.ArrayList<>();
        for (Connection c : connections.values()) {
            closing.add(c.channel().close());
        }
        connections.clear();
        if (shared != null) {
            // the group lives on for other clients: wait only for this client's channels (their close events are
            // queued by then), unless called from one of the shared I/O threads
            for (ChannelFuture f : closing) {
                if (!f.channel().eventLoop().inEventLoop()) {
                    f.awaitUninterruptibly(2_000);
                }
            }
            stopHelpers();
            shared.release();
        } else {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
            stopHelpers();
        }
        LOG.debug("Remoting client shut down");
    }

    @Override
    public RemotingCommand invokeSync(String addr, RemotingCommand request, long timeoutMillis)
            throws RemotingConnectException, RemotingTimeoutException, RemotingSendRequestException,
            InterruptedException {
        long start = System.nanoTime();
        NettyRemotingChannel ch = channelFor(addr, timeoutMillis);
        return invokeSyncImpl(ch, request, remaining(addr, start, timeoutMillis));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never waits for a TCP connect: while the connection to {@code addr} is being opened, the request is written
     * from the connect's completion (on an I/O thread), and a failed connect reaches {@code callback} as a
     * {@link RemotingConnectException}.
     */
    @Override
    public void invokeAsync(String addr, RemotingCommand request, long timeoutMillis, InvokeCallback callback)
            throws RemotingConnectException, RemotingTimeoutException, RemotingSendRequestException,
            InterruptedException {
        long start = System.nanoTime();
        checkRequest(request, timeoutMillis);
        java.util.Objects.requireNonNull(callback, "callback");
        Connection c = connection(addr, timeoutMillis);
        if (c.connectFuture.isDone()) {
            NettyRemotingChannel ch = usable(c, addr);
            long left = remaining(addr, start, timeoutMillis);
            acquireAsyncPermit(addr, left);
            sendAsyncWithPermit(ch, request, left, callback); // request and callback were checked above
            return;
        }
        // the slot is taken now, so requests waiting for the connect count against the in-flight limit
        acquireAsyncPermit(addr, timeoutMillis);
        c.connectFuture.addListener(f -> {
            NettyRemotingChannel ch;
            long left;
            try {
                ch = usable(c, addr);
                left = remaining(addr, start, timeoutMillis);
            } catch (RemotingException e) {
                releaseAsyncPermit();
                failAsync(NettyRemotingChannel.of(c.channel()), request, timeoutMillis, callback, e);
                return;
            }
            try {
                sendAsyncWithPermit(ch, request, left, callback);
            } catch (RemotingException e) {
                failAsync(ch, request, timeoutMillis, callback, e);
            }
        });
    }

    @Override
    public void invokeOneway(String addr, RemotingCommand request, long timeoutMillis)
            throws RemotingConnectException, RemotingTimeoutException, RemotingSendRequestException,
            InterruptedException {
        long start = System.nanoTime();
        NettyRemotingChannel ch = channelFor(addr, timeoutMillis);
        invokeOnewayImpl(ch, request, remaining(addr, start, timeoutMillis));
    }

    @Override
    public void closeChannel(String addr) {
        Connection c = connections.remove(addr);
        if (c != null) {
            LOG.debug("Closing connection to {} on request", addr);
            c.channel().close();
        }
    }

    private static long remaining(String addr, long startNanos, long timeoutMillis) throws RemotingTimeoutException {
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (left <= 0) {
            throw new RemotingTimeoutException("connecting to " + addr + " used up the whole timeout of "
                    + timeoutMillis + " ms; request not sent");
        }
        return left;
    }

    /** Returns a usable connection to {@code addr}, opening one if needed. */
    private NettyRemotingChannel channelFor(String addr, long timeoutMillis)
            throws RemotingConnectException, InterruptedException {
        Connection c = connection(addr, timeoutMillis);
        long wait = Math.min(timeoutMillis, config.getConnectTimeoutMillis());
        if (!c.connectFuture.await(wait, TimeUnit.MILLISECONDS)) {
            throw new RemotingConnectException("could not connect to " + addr + " within " + wait + " ms");
        }
        return usable(c, addr);
    }

    /** The channel of a connection whose connect completed, or why it cannot be used. */
    private NettyRemotingChannel usable(Connection c, String addr) throws RemotingConnectException {
        if (!c.connectFuture.isSuccess()) {
            connections.remove(addr, c);
            throw new RemotingConnectException("cannot connect to " + addr + ": " + c.connectFuture.cause(),
                    c.connectFuture.cause());
        }
        if (!c.channel().isActive()) {
            connections.remove(addr, c);
            throw new RemotingConnectException("connection to " + addr + " closed right after it was opened");
        }
        return c.remotingChannel();
    }

    /** The cached connection to {@code addr}, or a new one whose connect may still be under way. */
    private Connection connection(String addr, long timeoutMillis)
            throws RemotingConnectException, InterruptedException {
        if (!running) {
            throw new RemotingConnectException("the client is not running; request to " + addr + " not sent");
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
        Connection c = connections.get(addr);
        if (c != null && (c.isUsable() || !c.connectFuture.isDone())) {
            return c;
        }
        if (!connectionLock.tryLock(LOCK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new RemotingConnectException("timed out waiting for the connection table lock to connect to " + addr);
        }
        try {
            c = connections.get(addr);
            if (c != null && c.connectFuture.isDone() && !c.isUsable()) {
                connections.remove(addr, c);
                c.channel().close();
                c = null;
            }
            if (c == null) {
                c = connect(addr);
                connections.put(addr, c);
            }
        } finally {
            connectionLock.unlock();
        }
        return c;
    }

    private Connection connect(String addr) throws RemotingConnectException {
        InetSocketAddress peer = RemotingAddresses.parse(addr);
        String peerHost = peer.getHostString();
        int port = peer.getPort();
        ChannelFuture future = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch, peerHost, port);
                    }
                })
                .connect(peerHost, port);
        Connection c = new Connection(addr, future);
        future.channel().closeFuture().addListener(f -> {
            if (connections.remove(addr, c)) {
                LOG.debug("Connection to {} closed; the next request opens a new one", addr);
            }
        });
        LOG.debug("Connecting to {}", addr);
        return c;
    }

    private void initPipeline(SocketChannel ch, String host, int port) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            SslHandler tls = sslContext.newHandler(ch.alloc(), host, port);
            if (config.isTlsVerifyHostname() && !config.isTlsTrustAll()) {
                SSLEngine engine = tls.engine();
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(params);
            }
            p.addLast("tls", tls);
        }
        p.addLast("decoder", new RemotingFrameDecoder(config.getMaxFrameLength()));
        p.addLast("encoder", encoder);
        if (config.getIdleSeconds() > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, config.getIdleSeconds()));
        }
        p.addLast("remoting", handler());
    }

    /** One cached connection and the future of its TCP connect. */
    private static final class Connection {
        final String addr;
        final ChannelFuture connectFuture;

        Connection(String addr, ChannelFuture connectFuture) {
            this.addr = addr;
            this.connectFuture = connectFuture;
        }

        Channel channel() {
            return connectFuture.channel();
        }

        boolean isUsable() {
            return connectFuture.isSuccess() && connectFuture.channel().isActive();
        }

        NettyRemotingChannel remotingChannel() {
            return NettyRemotingChannel.of(connectFuture.channel());
        }

        @Override
        public String toString() {
            return "Connection[" + addr + ']';
        }
    }
}
