package org.rocketjms.remoting.netty;

import java.io.File;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.rocketjms.remoting.exception.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the TLS contexts of servers and clients from their configuration. */
final class TlsContexts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    static SslContext forServer(NettyServerConfig config) throws RemotingException {
        SslContext given = config.getSslContext();
        if (given != null) {
            if (!given.isServer()) {
                throw new RemotingException("the configured SslContext is a client context, a server context is needed");
            }
            return given;
        }
        if (config.getTlsCertFile() == null || config.getTlsKeyFile() == null) {
            throw new RemotingException("TLS is enabled but neither sslContext nor tlsCertFile and tlsKeyFile are set");
        }
        try {
            return SslContextBuilder.forServer(new File(config.getTlsCertFile()), new File(config.getTlsKeyFile()),
                    config.getTlsKeyPassword()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new RemotingException("cannot build the TLS server context from " + config.getTlsCertFile()
                    + " and " + config.getTlsKeyFile() + ": " + e.getMessage(), e);
        }
    }

    static SslContext forClient(NettyClientConfig config) throws RemotingException {
        SslContext given = config.getSslContext();
        if (given != null) {
            if (!given.isClient()) {
                throw new RemotingException("the configured SslContext is a server context, a client context is needed");
            }
            return given;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (config.isTlsTrustAll()) {
                LOG.warn("TLS trust-all is enabled: server certificates are not verified; use this for tests only");
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (config.getTlsTrustCertFile() != null) {
                builder.trustManager(new File(config.getTlsTrustCertFile()));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new RemotingException("cannot build the TLS client context: " + e.getMessage(), e);
        }
    }
}
