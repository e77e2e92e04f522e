package org.rocketjms.remoting.netty;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the socket transport: Linux's native epoll when its library loads (fewer system calls and wake-ups per
 * request than the JDK selector), the JDK's NIO otherwise or when the system property
 * {@value #EPOLL_PROPERTY} is {@code false}.
 */
final class Transports {
    /** System property that turns the native transport off ({@code -Drocketjms.remoting.epoll=false}). */
    static final String EPOLL_PROPERTY = "rocketjms.remoting.epoll";

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);
    private static final boolean EPOLL = chooseEpoll();

    private Transports() {
    }

    private static boolean chooseEpoll() {
        if (!Boolean.parseBoolean(System.getProperty(EPOLL_PROPERTY, "true"))) {
            LOG.info("native epoll transport turned off by -D{}=false; using NIO", EPOLL_PROPERTY);
            return false;
        }
        try {
            if (Epoll.isAvailable()) {
                return true;
            }
            LOG.debug("native epoll transport unavailable; using NIO", Epoll.unavailabilityCause());
        } catch (LinkageError e) {
            LOG.debug("native epoll transport classes unavailable; using NIO", e);
        }
        return false;
    }

    static EventLoopGroup group(int threads, ThreadFactory factory) {
        return EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
