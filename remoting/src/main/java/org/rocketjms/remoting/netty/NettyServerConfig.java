package org.rocketjms.remoting.netty;

/**
 * Settings of a {@link NettyRemotingServer}: where to listen, threads, limits and TLS (a ready
 * {@link io.netty.handler.ssl.SslContext}, or a PEM certificate chain plus PKCS#8 PEM private key).
 */
public final class NettyServerConfig extends NettyTransportConfig {

    private String bindAddress = "0.0.0.0";
    private int listenPort;
    private int acceptBacklog = 1024;
    private String tlsCertFile;
    private String tlsKeyFile;
    private String tlsKeyPassword;

    /** Creates the defaults: all interfaces, ephemeral port, 4 I/O threads, 256 async/oneway requests in flight. */
    public NettyServerConfig() {
        super(4, 256);
    }

    /** Address to bind (default 0.0.0.0). */
    public String getBindAddress() {
        return bindAddress;
    }

    /** Sets the address to bind. */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** Port to listen on; 0 picks a free port, see {@link NettyRemotingServer#localPort()}. */
    public int getListenPort() {
        return listenPort;
    }

    /** Sets the port to listen on (0 = ephemeral). */
    public void setListenPort(int listenPort) {
        this.listenPort = listenPort;
    }

    /** SO_BACKLOG of the listening socket. */
    public int getAcceptBacklog() {
        return acceptBacklog;
    }

    /** Sets SO_BACKLOG. */
    public void setAcceptBacklog(int acceptBacklog) {
        this.acceptBacklog = acceptBacklog;
    }

    /** PEM file with the server certificate chain, used when TLS is on and no SslContext is set. */
    public String getTlsCertFile() {
        return tlsCertFile;
    }

    /** Sets the PEM certificate chain file. */
    public void setTlsCertFile(String tlsCertFile) {
        this.tlsCertFile = tlsCertFile;
    }

    /** PEM file with the PKCS#8 private key, used when TLS is on and no SslContext is set. */
    public String getTlsKeyFile() {
        return tlsKeyFile;
    }

    /** Sets the PKCS#8 PEM private key file. */
    public void setTlsKeyFile(String tlsKeyFile) {
        this.tlsKeyFile = tlsKeyFile;
    }

    /** Password of an encrypted private key file, or null. */
    public String getTlsKeyPassword() {
        return tlsKeyPassword;
    }

    /** Sets the private key password (null for an unencrypted key). */
    public void setTlsKeyPassword(String tlsKeyPassword) {
        this.tlsKeyPassword = tlsKeyPassword;
    }

    @Override
    void validate() {
        super.validate();
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort " + listenPort + " is out of range");
        }
    }
}
