package org.rocketjms.remoting.netty;

import io.netty.handler.ssl.SslContext;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;

/**
 * Settings shared by {@link NettyServerConfig} and {@link NettyClientConfig}. Plain mutable bean, read
 * once when the server or client starts; changing it afterwards has no effect.
 */
public abstract class NettyTransportConfig {

    private int workerThreads;
    private int callbackExecutorThreads = 2;
    private int maxFrameLength = RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH;
    private int idleSeconds = 120;
    private int asyncRequestLimit;
    private int onewayRequestLimit;
    private int socketSendBufferSize;
    private int socketReceiveBufferSize;
    private int writeBufferLowWaterMark = 256 * 1024;
    private int writeBufferHighWaterMark = 1024 * 1024;
    private boolean tlsEnabled;
    private SslContext sslContext;

    NettyTransportConfig(int workerThreads, int inFlightLimit) {
        this.workerThreads = workerThreads;
        this.asyncRequestLimit = inFlightLimit;
        this.onewayRequestLimit = inFlightLimit;
    }

    /** Number of Netty I/O threads. */
    public int getWorkerThreads() {
        return workerThreads;
    }

    /** Sets the number of Netty I/O threads (at least 1). */
    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    /** Threads that run {@code InvokeCallback}s of async requests. */
    public int getCallbackExecutorThreads() {
        return callbackExecutorThreads;
    }

    /** Sets the number of callback threads (at least 1). */
    public void setCallbackExecutorThreads(int callbackExecutorThreads) {
        this.callbackExecutorThreads = callbackExecutorThreads;
    }

    /** Largest accepted value of a frame's length field, in bytes; larger frames close the connection. */
    public int getMaxFrameLength() {
        return maxFrameLength;
    }

    /** Sets the largest accepted frame length (default 16 MiB); applies to sending too. */
    public void setMaxFrameLength(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    /** Seconds without reads or writes after which a connection is closed; 0 disables. */
    public int getIdleSeconds() {
        return idleSeconds;
    }

    /** Sets the idle timeout in seconds (default 120; 0 disables). */
    public void setIdleSeconds(int idleSeconds) {
        this.idleSeconds = idleSeconds;
    }

    /** Most async requests in flight at once; further callers wait up to their timeout. */
    public int getAsyncRequestLimit() {
        return asyncRequestLimit;
    }

    /** Sets the async in-flight limit (at least 1). */
    public void setAsyncRequestLimit(int asyncRequestLimit) {
        this.asyncRequestLimit = asyncRequestLimit;
    }

    /** Most oneway requests being written at once; further callers wait up to their timeout. */
    public int getOnewayRequestLimit() {
        return onewayRequestLimit;
    }

    /** Sets the oneway in-flight limit (at least 1). */
    public void setOnewayRequestLimit(int onewayRequestLimit) {
        this.onewayRequestLimit = onewayRequestLimit;
    }

    /** SO_SNDBUF in bytes; 0 keeps the operating system's default (and its auto-tuning). */
    public int getSocketSendBufferSize() {
        return socketSendBufferSize;
    }

    /** Sets SO_SNDBUF; 0 keeps the OS default. */
    public void setSocketSendBufferSize(int socketSendBufferSize) {
        this.socketSendBufferSize = socketSendBufferSize;
    }

    /** SO_RCVBUF in bytes; 0 keeps the operating system's default (and its auto-tuning). */
    public int getSocketReceiveBufferSize() {
        return socketReceiveBufferSize;
    }

    /** Sets SO_RCVBUF; 0 keeps the OS default. */
    public void setSocketReceiveBufferSize(int socketReceiveBufferSize) {
        this.socketReceiveBufferSize = socketReceiveBufferSize;
    }

    /** Low water mark of the outbound buffer, in bytes. */
    public int getWriteBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    /** Sets the low water mark of the outbound buffer. */
    public void setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        this.writeBufferLowWaterMark = writeBufferLowWaterMark;
    }

    /** High water mark of the outbound buffer, in bytes. */
    public int getWriteBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    /** Sets the high water mark of the outbound buffer. */
    public void setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        this.writeBufferHighWaterMark = writeBufferHighWaterMark;
    }

    /** Whether connections use TLS. */
    public boolean isTlsEnabled() {
        return tlsEnabled;
    }

    /** Turns TLS on or off. */
    public void setTlsEnabled(boolean tlsEnabled) {
        this.tlsEnabled = tlsEnabled;
    }

    /** A ready-made TLS context; when set it takes precedence over the file settings. */
    public SslContext getSslContext() {
        return sslContext;
    }

    /** Sets a ready-made TLS context (server or client mode to match). */
    public void setSslContext(SslContext sslContext) {
        this.sslContext = sslContext;
    }

    void validate() {
        requirePositive("workerThreads", workerThreads);
        requirePositive("callbackExecutorThreads", callbackExecutorThreads);
        requirePositive("asyncRequestLimit", asyncRequestLimit);
        requirePositive("onewayRequestLimit", onewayRequestLimit);
        if (maxFrameLength < RemotingCommandCodec.HEADER_LENGTH_FIELD_LENGTH + RemotingCommandCodec.MIN_HEADER_LENGTH
                || maxFrameLength > Integer.MAX_VALUE - RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is out of range");
        }
        if (idleSeconds < 0 || socketSendBufferSize < 0 || socketReceiveBufferSize < 0) {
            throw new IllegalArgumentException("idleSeconds and socket buffer sizes must not be negative");
        }
        if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("write buffer water marks must satisfy 0 <= low <= high");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
