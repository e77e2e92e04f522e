package org.rocketjms.remoting.netty;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.rocketjms.remoting.ChannelEventListener;
import org.rocketjms.remoting.InvokeCallback;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RemotingServer;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemotingServer} on Netty NIO. One acceptor thread, a configurable number of I/O threads
 * that only decode, dispatch and encode; processors run on the executors they were registered with.
 *
 * <p>Guarantees: frames above the maximum length or with a malformed header close only the offending
 * connection; unknown request codes are answered with {@code REQUEST_CODE_NOT_SUPPORTED}; a full
 * processor executor is answered with {@code SYSTEM_BUSY}. I/O threads are non-daemon, so a started
 * server keeps the JVM alive until {@link #shutdown()}.
 */
public final class NettyRemotingServer extends NettyRemotingAbstract implements RemotingServer {

    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final NettyServerConfig config;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean running;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private volatile Channel serverChannel;
    private volatile int localPort = -1;

    /** Creates a server without a channel event listener. */
    public NettyRemotingServer(NettyServerConfig config) {
        this(config, null);
    }

    /**
     * Creates a server.
     *
     * @param config settings, read at construction and start
     * @param listener receives connection events, or null
     */
    public NettyRemotingServer(NettyServerConfig config, ChannelEventListener listener) {
        super("server", config, listener);
        this.config = config;
    }

    @Override
    public void start() throws RemotingException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the server can be started only once");
        }
        SslContext sslContext = config.isTlsEnabled() ? TlsContexts.forServer(config) : null;
        startHelpers();
        bossGroup = Transports.group(1, new DefaultThreadFactory("rocketjms-server-boss", false));
        workerGroup = Transports.group(config.getWorkerThreads(),
                new DefaultThreadFactory("rocketjms-server-io", false));
        RemotingFrameEncoder encoder = new RemotingFrameEncoder(config.getMaxFrameLength());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transports.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, config.getAcceptBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.getWriteBufferLowWaterMark(),
                                config.getWriteBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (sslContext != null) {
                            p.addLast("tls", sslContext.newHandler(ch.alloc()));
                        }
                        p.addLast("decoder", new RemotingFrameDecoder(config.getMaxFrameLength()));
                        p.addLast("encoder", encoder);
                        if (config.getIdleSeconds() > 0) {
                            p.addLast("idle", new IdleStateHandler(0, 0, config.getIdleSeconds()));
                        }
                        p.addLast("remoting", handler());
                    }
                });
        if (config.getSocketSendBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.getSocketSendBufferSize());
        }
        if (config.getSocketReceiveBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.getSocketReceiveBufferSize());
        }
        ChannelFuture bind = bootstrap.bind(config.getBindAddress(), config.getListenPort()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdown();
            throw new RemotingException("cannot listen on " + config.getBindAddress() + ':' + config.getListenPort()
                    + ": " + bind.cause(), bind.cause());
        }
        serverChannel = bind.channel();
        localPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        running = true;
        LOG.info("Remoting server listening on {}{}", serverChannel.localAddress(), sslContext != null ? " (TLS)" : "");
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public void shutdown() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        running = false;
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close().awaitUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.terminationFuture().awaitUninterruptibly();
        }
        stopHelpers();
        LOG.info("Remoting server on port {} shut down", localPort);
    }

    @Override
    public RemotingCommand invokeSync(RemotingChannel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException {
        return invokeSyncImpl(nettyChannel(channel), request, timeoutMillis);
    }

    @Override
    public void invokeAsync(RemotingChannel channel, RemotingCommand request, long timeoutMillis,
                            InvokeCallback callback)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException {
        invokeAsyncImpl(nettyChannel(channel), request, timeoutMillis, callback);
    }

    @Override
    public void invokeOneway(RemotingChannel channel, RemotingCommand request, long timeoutMillis)
            throws RemotingTimeoutException, RemotingSendRequestException, InterruptedException {
        invokeOnewayImpl(nettyChannel(channel), request, timeoutMillis);
    }

    private NettyRemotingChannel nettyChannel(RemotingChannel channel) throws RemotingSendRequestException {
        if (!(channel instanceof NettyRemotingChannel nettyChannel)) {
            throw new IllegalArgumentException("not a channel of this server: " + channel);
        }
        if (!running) {
            throw new RemotingSendRequestException("the server is not running; request to " + channel.remoteAddress()
                    + " not sent");
        }
        return nettyChannel;
    }
}
