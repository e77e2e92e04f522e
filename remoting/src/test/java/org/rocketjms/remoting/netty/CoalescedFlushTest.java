package org.rocketjms.remoting.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Frames written from other threads share flushes; frames written on the I/O thread are flushed at once. */
class CoalescedFlushTest {
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    private final List<Object> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private Channel server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel connect() throws InterruptedException {
        LocalAddress addr = new LocalAddress("coalesce-" + System.nanoTime());
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                received.add(msg);
                            }
                        });
                    }
                }).bind(addr).sync().channel();
        return new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes.incrementAndGet();
                        ctx.flush();
                    }
                }).connect(addr).sync().channel();
    }

    private void awaitReceived(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < n) {
            assertTrue(System.nanoTime() < deadline, "received " + received.size() + " of " + n);
            Thread.sleep(2);
        }
    }

    @Test
    void framesQueuedFromAnotherThreadWhileTheIoThreadIsBusyGoOutWithOneFlush() throws Exception {
        assertTrue(NettyRemotingChannel.COALESCE_FLUSHES, "on by default");
        Channel ch = connect();
        NettyRemotingChannel rc = NettyRemotingChannel.of(ch);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ch.eventLoop().execute(() -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS));
        int before = flushes.get();
        ChannelFuture last = null;
        for (int i = 0; i < 20; i++) {
            last = rc.write("frame-" + i); // this test thread is not the channel's I/O thread
        }
        release.countDown();
        assertTrue(last.await(10, TimeUnit.SECONDS) && last.isSuccess(), String.valueOf(last.cause()));
        awaitReceived(20);
        for (int i = 0; i < 20; i++) {
            assertEquals("frame-" + i, received.get(i), "order kept");
        }
        assertEquals(1, flushes.get() - before, "20 frames queued behind a busy I/O thread share one flush");
    }

    @Test
    void aFrameWrittenOnTheIoThreadIsFlushedBeforeTheTaskEnds() throws Exception {
        Channel ch = connect();
        NettyRemotingChannel rc = NettyRemotingChannel.of(ch);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger flushesInTask = new AtomicInteger(-1);
        ch.eventLoop().execute(() -> {
            int before = flushes.get();
            rc.write("on-io-thread");
            flushesInTask.set(flushes.get() - before);
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1, flushesInTask.get(), "flushed within the writing task, not later");
        awaitReceived(1);
        assertEquals("on-io-thread", received.get(0));
    }

    @Test
    void aWriteAfterTheConnectionClosedFailsItsFuture() throws Exception {
        Channel ch = connect();
        NettyRemotingChannel rc = NettyRemotingChannel.of(ch);
        ch.close().sync();
        ChannelFuture f = rc.write("late");
        assertTrue(f.await(10, TimeUnit.SECONDS));
        assertFalse(f.isSuccess());
        assertNotNull(f.cause());
    }
}
