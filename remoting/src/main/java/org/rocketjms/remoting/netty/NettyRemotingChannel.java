package org.rocketjms.remoting.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RemotingChannel} view of a Netty channel. Exactly one instance exists per Netty channel
 * (kept in a channel attribute), so identity comparisons are meaningful.
 */
final class NettyRemotingChannel implements RemotingChannel {

    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingChannel.class);
    private static final AttributeKey<NettyRemotingChannel> KEY = AttributeKey.valueOf("rocketjms.remotingChannel");
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final Channel channel;
    private final String id;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile String remoteAddress;
    private final OrderedRequests orderedRequests = new OrderedRequests();
    /** What runs after the current socket read's requests; only touched by the channel's I/O thread. */
    private Runnable afterReadBatch;

    private NettyRemotingChannel(Channel channel) {
        this.channel = channel;
        this.id = "ch-" + NEXT_ID.incrementAndGet();
    }

    /** This connection's queue of requests processed in arrival order. */
    OrderedRequests orderedRequests() {
        return orderedRequests;
    }

    /** Asks for {@code r} to run once the I/O thread has processed the current read; I/O thread only. */
    void setAfterReadBatch(Runnable r) {
        afterReadBatch = r;
    }

    /** The action asked for by this read's requests, or null; clears it. I/O thread only. */
    Runnable takeAfterReadBatch() {
        Runnable r = afterReadBatch;
        afterReadBatch = null;
        return r;
    }

    /** Returns the one wrapper of {@code channel}, creating it on first use. */
    static NettyRemotingChannel of(Channel channel) {
        Attribute<NettyRemotingChannel> attr = channel.attr(KEY);
        NettyRemotingChannel existing = attr.get();
        if (existing != null) {
            return existing;
        }
        NettyRemotingChannel created = new NettyRemotingChannel(channel);
        NettyRemotingChannel raced = attr.setIfAbsent(created);
        return raced == null ? created : raced;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String remoteAddress() {
        String addr = remoteAddress;
        if (addr == null) {
            SocketAddress sa = channel.remoteAddress();
            if (sa == null) {
                return "unknown";
            }
            addr = sa instanceof InetSocketAddress isa ? isa.getHostString() + ':' + isa.getPort() : sa.toString();
            remoteAddress = addr;
        }
        return addr;
    }

    @Override
    public InetSocketAddress remoteSocketAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress isa ? isa : null;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void writeResponse(RemotingCommand response) {
        response.markResponse();
        if (!channel.isActive()) {
            // routine: a client that closes leaves long polls behind (each answered PULL_NOT_FOUND when it expires),
            // and nobody is left to read the answer; what the request did (e.g. messages handed out) the broker
            // recovers on its own (consumer-lost handling, invisible time)
            LOG.debug("Dropping response (opaque={}, code={}) to {}: connection closed",
                    response.getOpaque(), response.getCode(), remoteAddress());
            return;
        }
        write(response).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("Failed to write response (opaque={}, code={}) to {}",
                        response.getOpaque(), response.getCode(), remoteAddress(), f.cause());
            }
        });
    }

    /**
     * Whether frames written from threads other than the channel's I/O thread share flushes (see {@link #write});
     * system property {@code rocketjms.remoting.coalesceFlushes} (default true), for comparisons.
     */
    static final boolean COALESCE_FLUSHES =
            Boolean.parseBoolean(System.getProperty("rocketjms.remoting.coalesceFlushes", "true"));

    /** A flush is queued behind the writes queued so far; I/O thread only. */
    private boolean flushQueued;
    private final Runnable queuedFlush = this::flushQueuedWrites;

    private void flushQueuedWrites() {
        flushQueued = false;
        channel.flush();
    }

    /**
     * Writes and flushes {@code msg}. On the channel's I/O thread that is {@code writeAndFlush}. From another thread
     * (a processor pool answering, a producer or consumer thread sending) Netty would queue one write-and-flush task,
     * and so one {@code send} system call, per frame: under load that was one call per message on both sides of a
     * connection while reads took many frames at once. Here the write is queued and, unless one is already waiting, a
     * flush is queued behind it, so every frame queued before that flush runs goes out in one call (Netty's
     * flush-consolidation idea, applied only to writes that would have waited for the I/O thread anyway: frames
     * written on the I/O thread, like the answer to a synchronous send, are flushed at once).
     */
    ChannelFuture write(Object msg) {
        EventLoop loop = channel.eventLoop();
        if (!COALESCE_FLUSHES || loop.inEventLoop()) {
            return channel.writeAndFlush(msg);
        }
        ChannelPromise promise = channel.newPromise();
        try {
            loop.execute(() -> {
                channel.write(msg, promise);
                if (!flushQueued) {
                    flushQueued = true;
                    try {
                        loop.execute(queuedFlush);
                    } catch (RejectedExecutionException e) {
                        flushQueuedWrites(); // the loop is shutting down: flush now, on it
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFailure(e); // the I/O thread is shutting down: the connection is gone
        }
        return promise;
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public Object getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public void setAttribute(String key, Object value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    @Override
    public String toString() {
        return id + '[' + remoteAddress() + (channel.isActive() ? "" : ", closed") + ']';
    }
}
