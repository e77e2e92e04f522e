package org.rocketjms.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;

/** TLS on both sides with a certificate generated for the test run. */
class TlsTest {

    private static final int ECHO = 1;

    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static NettyRemotingServer server;
    private static ExecutorService executor;
    private static String addr;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.generate(dir);
        executor = Executors.newFixedThreadPool(2);
        NettyServerConfig config = new NettyServerConfig();
        config.setBindAddress("127.0.0.1");
        config.setTlsEnabled(true);
        config.setSslContext(SslContextBuilder.forServer(certs.keyManagerFactory()).build());
        server = new NettyRemotingServer(config);
        server.registerProcessor(ECHO, NettyRemotingTest.ECHO_PROCESSOR, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
        executor.shutdownNow();
    }

    private static NettyRemotingClient tlsClient() throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setTlsEnabled(true);
        config.setSslContext(SslContextBuilder.forClient().trustManager(certs.trustManagerFactory()).build());
        NettyRemotingClient client = new NettyRemotingClient(config);
        client.start();
        return client;
    }

    private static void assertEcho(NettyRemotingClient client, String target) throws Exception {
        RemotingCommand request = RemotingCommand.createRequest(ECHO);
        request.setBody(new byte[] {5, 6, 7});
        RemotingCommand response = client.invokeSync(target, request, 5000);
        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertArrayEquals(new byte[] {5, 6, 7}, response.getBody());
    }

    @Test
    void roundTripWithVerifiedCertificateAndHostname() throws Exception {
        NettyRemotingClient client = tlsClient();
        try {
            assertEcho(client, addr);
            assertEcho(client, "localhost:" + server.localPort());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void roundTripWithPemFilesOnBothSides() throws Exception {
        NettyServerConfig serverConfig = new NettyServerConfig();
        serverConfig.setBindAddress("127.0.0.1");
        serverConfig.setTlsEnabled(true);
        serverConfig.setTlsCertFile(certs.certPem.toString());
        serverConfig.setTlsKeyFile(certs.keyPem.toString());
        NettyRemotingServer pemServer = new NettyRemotingServer(serverConfig);
        pemServer.registerProcessor(ECHO, NettyRemotingTest.ECHO_PROCESSOR, executor);
        pemServer.start();
        NettyClientConfig clientConfig = new NettyClientConfig();
        clientConfig.setTlsEnabled(true);
        clientConfig.setTlsTrustCertFile(certs.certPem.toString());
        NettyRemotingClient client = new NettyRemotingClient(clientConfig);
        client.start();
        try {
            assertEcho(client, "127.0.0.1:" + pemServer.localPort());
        } finally {
            client.shutdown();
            pemServer.shutdown();
        }
    }

    @Test
    void trustAllClientConnects() throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setTlsEnabled(true);
        config.setTlsTrustAll(true);
        NettyRemotingClient client = new NettyRemotingClient(config);
        client.start();
        try {
            assertEcho(client, addr);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void untrustedCertificateFailsPromptly() throws Exception {
        NettyClientConfig config = new NettyClientConfig();
        config.setTlsEnabled(true); // JDK default trust store: does not know our certificate
        NettyRemotingClient client = new NettyRemotingClient(config);
        client.start();
        try {
            long start = System.nanoTime();
            assertThrows(RemotingSendRequestException.class,
                    () -> client.invokeSync(addr, RemotingCommand.createRequest(ECHO), 10_000));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void plaintextPeersFailCleanlyWithoutHurtingTheServer() throws Exception {
        NettyRemotingClient plain = new NettyRemotingClient(new NettyClientConfig());
        plain.start();
        try {
            long start = System.nanoTime();
            RemotingException e = assertThrows(RemotingSendRequestException.class,
                    () -> plain.invokeSync(addr, RemotingCommand.createRequest(ECHO), 10_000));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000, "failed late: " + e);
        } finally {
            plain.shutdown();
        }
        try (Socket s = new Socket("127.0.0.1", server.localPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(new byte[] {0, 0, 0, 30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // drain whatever the server sends (at most a TLS alert) until it closes
                }
            } catch (SocketException reset) {
                assertTrue(reset.getMessage() != null, "socket error: " + reset);
            }
        }
        NettyRemotingClient client = tlsClient();
        try {
            assertEcho(client, addr);
        } finally {
            client.shutdown();
        }
    }
}
