package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.Test;

/** On Linux x86-64 (the native library shipped with the remoting module) the native epoll transport is used. */
class TransportsTest {
    @Test
    void linuxX8664UsesNativeEpoll() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "the native library is shipped for Linux x86-64 only");
        assumeTrue(Boolean.parseBoolean(System.getProperty(Transports.EPOLL_PROPERTY, "true")),
                "turned off for this run");
        assertEquals(EpollSocketChannel.class, Transports.socketChannel());
        assertEquals(EpollServerSocketChannel.class, Transports.serverSocketChannel());
    }
}
