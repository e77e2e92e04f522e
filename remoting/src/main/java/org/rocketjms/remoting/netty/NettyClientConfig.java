package org.rocketjms.remoting.netty;

/**
 * Settings of a {@link NettyRemotingClient}: threads, connect timeout, limits and TLS (a ready
 * {@link io.netty.handler.ssl.SslContext}, a trusted PEM certificate file, or trust-all for tests).
 */
public final class NettyClientConfig extends NettyTransportConfig {

    private int connectTimeoutMillis = 3000;
    private String tlsTrustCertFile;
    private boolean tlsTrustAll;
    private boolean tlsVerifyHostname = true;
    private boolean sharedResources = true;

    /**
     * Creates the defaults: the JVM-wide shared I/O threads (2 of its own when not shared), 3 s connect timeout,
     * 65535 async/oneway requests in flight.
     */
    public NettyClientConfig() {
        super(2, 65535);
    }

    /**
     * Whether the client uses the JVM-wide shared event loop group, timer and callback/event threads (default true;
     * {@link #getWorkerThreads()} and {@link #getCallbackExecutorThreads()} then do not apply), or owns its own.
     */
    public boolean isSharedResources() {
        return sharedResources;
    }

    /** Chooses between the JVM-wide shared I/O threads (true, the default) and threads of this client's own. */
    public void setSharedResources(boolean sharedResources) {
        this.sharedResources = sharedResources;
    }

    /** TCP connect timeout in milliseconds. */
    public int getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** Sets the TCP connect timeout in milliseconds. */
    public void setConnectTimeoutMillis(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** PEM file of trusted certificates; null uses the JDK's default trust store. */
    public String getTlsTrustCertFile() {
        return tlsTrustCertFile;
    }

    /** Sets the PEM file of trusted certificates. */
    public void setTlsTrustCertFile(String tlsTrustCertFile) {
        this.tlsTrustCertFile = tlsTrustCertFile;
    }

    /** Whether any server certificate is accepted. Insecure: for tests only. */
    public boolean isTlsTrustAll() {
        return tlsTrustAll;
    }

    /** Accepts any server certificate and skips host name checks. Insecure: for tests only. */
    public void setTlsTrustAll(boolean tlsTrustAll) {
        this.tlsTrustAll = tlsTrustAll;
    }

    /** Whether the server certificate must match the host name or IP connected to (default true). */
    public boolean isTlsVerifyHostname() {
        return tlsVerifyHostname;
    }

    /** Turns host name verification on or off (ignored when trusting all). */
    public void setTlsVerifyHostname(boolean tlsVerifyHostname) {
        this.tlsVerifyHostname = tlsVerifyHostname;
    }

    @Override
    void validate() {
        super.validate();
        if (connectTimeoutMillis < 1) {
            throw new IllegalArgumentException("connectTimeoutMillis must be at least 1, was " + connectTimeoutMillis);
        }
    }
}
