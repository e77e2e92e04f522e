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

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 *
 * <p>The socket stays in blocking mode and is read without a socket timeout, so an answer costs one {@code read}
 * system call: a timed read of a {@code java.net.Socket} is a non-blocking read that finds nothing, a
 * {@code poll}, and the read again. The time limit of a request is kept by one check for all open connections of
 * the JVM instead, run every {@link #TIMEOUT_CHECK_MILLIS} ms on the timer given to {@link #open} while any is open:
 * it closes a connection whose request is past its deadline, which releases the blocked read.
 */
public final class CallerThreadConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallerThreadConnection.class);
    /** An encode or frame buffer that grew beyond this (a large message) is not kept for the next request. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;
    /** Period of the deadline check; a request times out at most this much after its deadline. */
    static final long TIMEOUT_CHECK_MILLIS = 50;
    /** No request waiting for its answer. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** The open connections, whose deadlines the check looks at. */
    private static final Set<CallerThreadConnection> OPEN = ConcurrentHashMap.newKeySet();
    /** The scheduled deadline check while any connection is open (guarded by the class). */
    private static ScheduledFuture<?> deadlineCheck;

    private final String addr;
    private final SocketChannel channel;
    private final int maxFrameLength;
    private ByteBuf encodeBuffer = Unpooled.buffer(4096);
    /** Bytes read from the socket; between reads its position..limit are those not yet consumed. */
    private ByteBuffer readBuffer = emptyReadBuffer();
    /** nanoTime by which the request being answered must be; {@link #NO_DEADLINE} between requests. */
    private volatile long deadlineNanos = NO_DEADLINE;
    /** Set by the deadline check before it closes the connection. */
    private volatile boolean timedOut;
    private volatile boolean closed;
    private long lastUsedNanos = System.nanoTime();

    private CallerThreadConnection(String addr, SocketChannel channel, int maxFrameLength) {
        this.addr = addr;
        this.channel = channel;
        this.maxFrameLength = maxFrameLength;
    }

    /** A read buffer of the kept size holding nothing (read mode, empty). */
    private static ByteBuffer emptyReadBuffer() {
        return ByteBuffer.allocate(8192).limit(0);
    }

    /** Adds {@code c} to the connections the deadline check looks at, scheduling the check on {@code timer} if none is. */
    private static synchronized void watch(CallerThreadConnection c, ScheduledExecutorService timer) {
        if (deadlineCheck == null) {
            deadlineCheck = timer.scheduleWithFixedDelay(CallerThreadConnection::checkDeadlines, TIMEOUT_CHECK_MILLIS,
                    TIMEOUT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        OPEN.add(c);
    }

    /** Removes {@code c}; the check stops with the last open connection. */
    private static synchronized void unwatch(CallerThreadConnection c) {
        if (OPEN.remove(c) && OPEN.isEmpty() && deadlineCheck != null) {
            deadlineCheck.cancel(false);
            deadlineCheck = null;
        }
    }

    /** Runs on the timer: closes every connection whose request is past its deadline (releasing its blocked read). */
    private static void checkDeadlines() {
        long now = System.nanoTime();
        for (CallerThreadConnection c : OPEN) {
            long d = c.deadlineNanos;
            if (d != NO_DEADLINE && now - d >= 0 && !c.closed) {
                c.timedOut = true;
                c.close();
            }
        }
    }

    /** Number of open connections the deadline check looks at (tests). */
    static int watched() {
        return OPEN.size();
    }

    /**
     * Connects to {@code addr} ({@code host:port}).
     *
     * @param maxFrameLength largest frame written or accepted, as the Netty transport's limit
     * @param timer          runs the deadline check of the open connections (a short task every
     *                       {@link #TIMEOUT_CHECK_MILLIS} ms) while any is open; a JVM-wide timer that outlives them
     * @throws RemotingConnectException if the address is invalid or the connect failed or timed out
     */
    public static CallerThreadConnection open(String addr, int connectTimeoutMillis, int maxFrameLength,
                                              ScheduledExecutorService timer) throws RemotingConnectException {
        InetSocketAddress peer = RemotingAddresses.parse(addr);
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.socket().setTcpNoDelay(true);
            // the channel's timed connect puts the socket back into blocking mode when it is done
            ch.socket().connect(new InetSocketAddress(peer.getHostString(), peer.getPort()),
                    Math.max(1, connectTimeoutMillis));
            CallerThreadConnection c = new CallerThreadConnection(addr, ch, maxFrameLength);
            LOG.debug("caller-thread connection to {} opened ({})", addr, ch.getLocalAddress());
            watch(c, timer); // last: nothing after it can fail and leave the connection watched
            return c;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                closeQuietly(ch);
            }
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
        ByteBuf buf = encodeBuffer;
        buf.clear();
        try {
            RemotingCommandCodec.encode(request, buf, maxFrameLength);
        } catch (RemotingCommandException e) {
            throw new RemotingSendRequestException("request to " + addr + " not sent: " + e.getMessage(), e);
        }
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            ByteBuffer out = ByteBuffer.wrap(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw failed("writing a request to " + addr + " failed: " + e.getMessage(), timeoutMillis, e);
        } finally {
            if (buf.capacity() > KEPT_BUFFER_BYTES) {
                encodeBuffer = Unpooled.buffer(4096);
            }
        }
        try {
            while (true) {
                RemotingCommand frame = readFrame();
                if (frame.isResponse() && frame.getOpaque() == request.getOpaque()) {
                    deadlineNanos = NO_DEADLINE;
                    lastUsedNanos = System.nanoTime();
                    return frame;
                }
                LOG.warn("caller-thread connection to {}: dropped an unexpected {} (code {}, opaque {}) while waiting"
                        + " for the answer to request {}", addr, frame.isResponse() ? "response" : "request",
                        frame.getCode(), frame.getOpaque(), request.getOpaque());
            }
        } catch (IOException | RemotingCommandException e) {
            throw failed("reading the answer from " + addr + " failed: " + e, timeoutMillis, e);
        }
    }

    /**
     * Closes the connection after a failed write or read (which also takes it off the deadline check) and returns
     * what to throw: a timeout when the check closed it, else {@code message}.
     */
    private RemotingSendRequestException failed(String message, long timeoutMillis, Exception cause)
            throws RemotingTimeoutException {
        close();
        if (timedOut) {
            throw new RemotingTimeoutException("no answer from " + addr + " within " + timeoutMillis + " ms", cause);
        }
        return new RemotingSendRequestException(message, cause);
    }

    /** Reads one frame (the blocking reads return whatever the socket has; bytes after the frame stay buffered). */
    private RemotingCommand readFrame() throws IOException, RemotingCommandException {
        fill(4);
        int length = readBuffer.getInt(readBuffer.position());
        if (length < RemotingCommandCodec.HEADER_LENGTH_FIELD_LENGTH + RemotingCommandCodec.MIN_HEADER_LENGTH
                || length > maxFrameLength) {
            throw new RemotingCommandException("frame length " + length + " is not between "
                    + (RemotingCommandCodec.HEADER_LENGTH_FIELD_LENGTH + RemotingCommandCodec.MIN_HEADER_LENGTH) + " and "
                    + maxFrameLength);
        }
        fill(4 + length);
        int at = readBuffer.position() + 4;
        // the decoder copies body and strings out of the frame, so the buffer can be reused
        RemotingCommand frame = RemotingCommandCodec.decode(Unpooled.wrappedBuffer(readBuffer.array(), at, length));
        readBuffer.position(at + length);
        if (!readBuffer.hasRemaining() && readBuffer.capacity() > KEPT_BUFFER_BYTES) {
            readBuffer = emptyReadBuffer();
        }
        return frame;
    }

    /** Reads until at least {@code n} unconsumed bytes are buffered, growing the buffer for a large frame. */
    private void fill(int n) throws IOException {
        if (readBuffer.remaining() >= n) {
            return;
        }
        if (readBuffer.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(n);
            bigger.put(readBuffer);
            readBuffer = bigger;
        } else {
            readBuffer.compact();
        }
        // now in write mode: position = bytes held
        while (readBuffer.position() < n) {
            if (channel.read(readBuffer) < 0) {
                readBuffer.flip();
                throw new EOFException("the server closed the connection");
            }
        }
        readBuffer.flip();
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
            unwatch(this);
            closeQuietly(channel);
            LOG.debug("caller-thread connection to {} closed", addr);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a socket failed", e);
        }
    }

    @Override
    public String toString() {
        return "CallerThreadConnection[" + addr + (closed ? ", closed" : "") + "]";
    }
}
