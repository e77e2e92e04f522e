package org.rocketjms.broker.robust;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;

/**
 * One plain {@link Socket} to a remoting port, for writing arbitrary bytes and watching what the server does:
 * which responses it sends (decoded with {@link RemotingCommandCodec}) and whether it closes the connection.
 */
final class RawConnection implements AutoCloseable {
    private static final int READ_SLICE_MILLIS = 100;
    /** Largest response frame this helper accepts from the server. */
    private static final int MAX_RESPONSE_FRAME = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final byte[] readBuffer = new byte[8192];
    private byte[] pending = new byte[0];
    private boolean closedByPeer;
    private String closeReason;
    private final List<RemotingCommand> responses = new ArrayList<>();

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = socket.getInputStream();
    }

    /** Writes {@code bytes}; a failure because the server already closed the connection is recorded, not thrown. */
    void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            markClosed("write failed: " + e.getMessage());
        }
    }

    /** Ends our direction of the stream (FIN): a server that waits for more bytes now sees end of stream. */
    void halfClose() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            markClosed("shutdownOutput failed: " + e.getMessage());
        }
    }

    /** Closes with a reset (SO_LINGER 0), the rudest way a client can vanish. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // the socket is gone anyway
        }
        close();
    }

    /**
     * Reads until the server closed the connection, {@code wantResponses} responses arrived (0: wait for the close
     * only) or {@code timeoutMillis} passed.
     *
     * @return true if the server closed the connection or the wanted responses arrived
     * @throws RemotingCommandException if the server sent bytes that are not a valid response frame
     */
    boolean await(long timeoutMillis, int wantResponses) throws IOException, RemotingCommandException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!closedByPeer && (wantResponses == 0 || responses.size() < wantResponses)) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left, READ_SLICE_MILLIS)));
            int n;
            try {
                n = in.read(readBuffer);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (SocketException e) {
                markClosed("reset: " + e.getMessage());
                break;
            }
            if (n < 0) {
                markClosed("end of stream");
                break;
            }
            append(n);
            parseFrames();
        }
        return true;
    }

    private void append(int n) {
        byte[] joined = new byte[pending.length + n];
        System.arraycopy(pending, 0, joined, 0, pending.length);
        System.arraycopy(readBuffer, 0, joined, pending.length, n);
        pending = joined;
    }

    private void parseFrames() throws RemotingCommandException {
        while (pending.length >= RemotingCommandCodec.FRAME_LENGTH_FIELD_LENGTH) {
            ByteBuf buf = Unpooled.wrappedBuffer(pending);
            int frameLength = buf.readInt();
            if (frameLength < 0 || frameLength > MAX_RESPONSE_FRAME) {
                throw new RemotingCommandException("server sent a frame length of " + frameLength);
            }
            if (buf.readableBytes() < frameLength) {
                return;
            }
            RemotingCommand cmd = RemotingCommandCodec.decode(buf.readSlice(frameLength));
            responses.add(cmd);
            byte[] rest = new byte[buf.readableBytes()];
            buf.readBytes(rest);
            pending = rest;
        }
    }

    private void markClosed(String reason) {
        if (!closedByPeer) {
            closedByPeer = true;
            closeReason = reason;
        }
    }

    /** True once the server closed (end of stream or reset). */
    boolean closedByPeer() {
        return closedByPeer;
    }

    /** How the connection ended, or null. */
    String closeReason() {
        return closeReason;
    }

    /** Responses decoded so far. */
    List<RemotingCommand> responses() {
        return responses;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** The frame of {@code cmd}, length prefix included. */
    static byte[] frame(RemotingCommand cmd) {
        ByteBuf buf = Unpooled.buffer(RemotingCommandCodec.estimateFrameLength(cmd));
        try {
            RemotingCommandCodec.encode(cmd, buf);
        } catch (RemotingCommandException e) {
            throw new IllegalArgumentException(e);
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
