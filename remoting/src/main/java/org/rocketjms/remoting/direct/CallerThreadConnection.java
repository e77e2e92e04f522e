package org.rocketjms.remoting.direct;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rocketjms.remoting.RemotingAddresses;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection to a remoting server on which the calling thread writes a request and then reads its answer
 * itself: no event loop is involved, so a synchronous round trip costs the server's wake-up and the caller's, not
 * also an event loop's on each side of the client. The server sees an ordinary connection speaking the same frames.
 *
 * <p>One request at a time; not thread-safe (its owner serializes the callers). Any failure after the first byte of
 * a request was written closes the connection (an answer arriving late must never be taken for the next request's);
 * a request refused by the encoder (a frame above the limit) leaves it open. Server requests arriving on it (the
 * server has no reason to send any: nothing registers this connection with it) are logged and dropped.
 */
public final class CallerThreadConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallerThreadConnection.class);
    /** An encode or frame buffer that grew beyond this (a large message) is not kept for the next request. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private final String addr;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int maxFrameLength;
    private ByteBuf encodeBuffer = Unpooled.buffer(4096);
    /** Holds an answer's frame while it is decoded (the decoder copies body and strings out of it). */
    private byte[] frameBuffer = new byte[4096];
    private volatile boolean closed;
    private long lastUsedNanos = System.nanoTime();

    private CallerThreadConnection(String addr, Socket socket, int maxFrameLength) throws IOException {
        this.addr = addr;
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 8192));
        this.out = socket.getOutputStream();
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Connects to {@code addr} ({@code host:port}).
     *
     * @param maxFrameLength largest frame written or accepted, as the Netty transport's limit
     * @throws RemotingConnectException if the address is invalid or the connect failed or timed out
     */
    public static CallerThreadConnection open(String addr, int connectTimeoutMillis, int maxFrameLength)
            throws RemotingConnectException {
        InetSocketAddress peer = RemotingAddresses.parse(addr);
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(peer.getHostString(), peer.getPort()), Math.max(1, connectTimeoutMillis));
            CallerThreadConnection c = new CallerThreadConnection(addr, s, maxFrameLength);
            LOG.debug("caller-thread connection to {} opened ({})", addr, s.getLocalSocketAddress());
            return c;
        } catch (IOException e) {
            closeQuietly(s);
            throw new RemotingConnectException("connecting to " + addr + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code request} and reads its answer, both on the calling thread.
     *
     * @throws RemotingSendRequestException the request could not be encoded (connection left open), or writing it or
     *                                      reading the answer failed (connection closed; the server may or may not
     *                                      have processed it)
     * @throws RemotingTimeoutException     no answer within {@code timeoutMillis} (connection closed)
     */
    public RemotingCommand invoke(RemotingCommand request, long timeoutMillis)
            throws RemotingSendRequestException, RemotingTimeoutException {
        if (closed) {
            throw new RemotingSendRequestException("the caller-thread connection to " + addr + " is closed");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ByteBuf buf = encodeBuffer;
        buf.clear();
        try {
            RemotingCommandCodec.encode(request, buf, maxFrameLength);
        } catch (RemotingCommandException e) {
            throw new RemotingSendRequestException("request to " + addr + " not sent: " + e.getMessage(), e);
        }
        try {
            out.write(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        } catch (IOException e) {
            close();
            throw new RemotingSendRequestException("writing a request to " + addr + " failed: " + e.getMessage(), e);
        } finally {
            if (buf.capacity() > KEPT_BUFFER_BYTES) {
                encodeBuffer = Unpooled.buffer(4096);
            }
        }
        try {
            while (true) {
                RemotingCommand frame = readFrame(deadline);
                if (frame.isResponse() && frame.getOpaque() == request.getOpaque()) {
                    lastUsedNanos = System.nanoTime();
                    return frame;
                }
                LOG.warn("caller-thread connection to {}: dropped an unexpected {} (code {}, opaque {}) while waiting"
                        + " for the answer to request {}", addr, frame.isResponse() ? "response" : "request",
                        frame.getCode(), frame.getOpaque(), request.getOpaque());
            }
        } catch (SocketTimeoutException e) {
            close();
            throw new RemotingTimeoutException("no answer from " + addr + " within " + timeoutMillis + " ms", e);
        } catch (IOException | RemotingCommandException e) {
            close();
            throw new RemotingSendRequestException("reading the answer from " + addr + " failed: " + e, e);
        }
    }

    private RemotingCommand readFrame(long deadline) throws IOException, RemotingCommandException {
        setTimeout(deadline);
        int length = in.readInt();
        if (length < RemotingCommandCodec.HEADER_LENGTH_FIELD_LENGTH + RemotingCommandCodec.MIN_HEADER_LENGTH
                || length > maxFrameLength) {
            throw new RemotingCommandException("frame length " + length + " is not between "
                    + (RemotingCommandCodec.HEADER_LENGTH_FIELD_LENGTH + RemotingCommandCodec.MIN_HEADER_LENGTH) + " and "
                    + maxFrameLength);
        }
        byte[] frame = frameBuffer.length >= length ? frameBuffer : new byte[length];
        if (length <= KEPT_BUFFER_BYTES) {
            frameBuffer = frame;
        }
        setTimeout(deadline);
        in.readFully(frame, 0, length);
        return RemotingCommandCodec.decode(Unpooled.wrappedBuffer(frame, 0, length));
    }

    private void setTimeout(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    /** False once closed (by {@link #close()} or by a failed request). */
    public boolean isOpen() {
        return !closed;
    }

    /** Milliseconds since the last answered request (or the connect). */
    public long idleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastUsedNanos);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(socket);
            LOG.debug("caller-thread connection to {} closed", addr);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a socket failed", e);
        }
    }

    @Override
    public String toString() {
        return "CallerThreadConnection[" + addr + (closed ? ", closed" : "") + "]";
    }
}
