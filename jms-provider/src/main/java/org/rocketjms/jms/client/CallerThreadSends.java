package org.rocketjms.jms.client;

import org.rocketjms.remoting.direct.CallerThreadConnection;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingSendRequestException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.AuthenticateRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A producer's caller-thread connections, one per broker address, opened on first use: a synchronous send is
 * written and its answer read by the sending thread ({@link CallerThreadConnection}), where the shared connection
 * would hand the request to an event loop and the answer back to the sender (two wake-ups per round trip, which
 * on a small machine cost as much as the broker's work for a persistent send).
 *
 * <p>One send at a time: a thread that finds another one sending gets null and uses the shared connection, as does
 * a thread whose interrupt status is set; interrupting a thread during its send closes the connection (its I/O is
 * interruptible) and fails the send — it may or may not have been stored, as when the shared connection's send is
 * interrupted while it waits for the answer. A
 * connection idle for longer than {@link #MAX_IDLE_MILLIS} is replaced before use (the broker closes idle
 * connections after two minutes by default); a reused connection that fails before an answer (the broker closed it
 * or restarted meanwhile) is replaced once and the send written again, which is what the producer's retry would do.
 * When a connection cannot be opened (or is refused authentication) the send goes over the shared connection, and
 * so do this producer's sends for the next {@link #BACK_OFF_MILLIS} (a broker that is down fails them there too;
 * one that only refuses new connections does not cost each send a connect attempt).
 */
final class CallerThreadSends implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallerThreadSends.class);
    /** Connections idle longer than this are reopened before use (well below the broker's idle timeout). */
    static final long MAX_IDLE_MILLIS = 30_000;
    /** How long sends stay on the shared connection after a caller-thread connection could not be opened. */
    static final long BACK_OFF_MILLIS = 30_000;

    private final int connectTimeoutMillis;
    private final int maxFrameLength;
    private final String user;
    private final String password;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, CallerThreadConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private long backOffUntilNanos;
    private boolean backingOff;

    /**
     * @param user     the client's user (null or empty: anonymous), with which every connection authenticates as
     *                 the client's shared ones did
     * @param password its password
     * @param timer    runs the connections' deadline check (see {@link CallerThreadConnection}); JVM-wide
     */
    CallerThreadSends(int connectTimeoutMillis, int maxFrameLength, String user, String password,
                      ScheduledExecutorService timer) {
        this.timer = timer;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxFrameLength = maxFrameLength;
        this.user = user == null || user.isEmpty() ? null : user;
        this.password = this.user == null ? null : password;
    }

    /**
     * Sends {@code request} to {@code addr} on the calling thread and returns the answer, or null (nothing sent)
     * when another thread is sending through this producer's connections, they are closed, or no connection could
     * be opened now or in the last {@link #BACK_OFF_MILLIS}.
     *
     * @throws RemotingSendRequestException the request could not be encoded, or the connection failed before the
     *                                      answer (the broker may have stored the message)
     * @throws RemotingTimeoutException     no answer in time
     */
    RemotingCommand invoke(String addr, RemotingCommand request, long timeoutMillis)
            throws RemotingSendRequestException, RemotingTimeoutException {
        if (Thread.currentThread().isInterrupted() || !lock.tryLock()) {
            // an interrupted sender would close the connection it uses (its I/O is interruptible): the shared
            // connection's send reports the interrupt instead
            return null;
        }
        try {
            if (closed || backingOff && System.nanoTime() - backOffUntilNanos < 0) {
                return null;
            }
            backingOff = false;
            CallerThreadConnection c = connections.get(addr);
            if (c != null && (!c.isOpen() || c.idleMillis() > MAX_IDLE_MILLIS)) {
                c.close();
                c = null;
            }
            boolean reused = c != null;
            if (c == null) {
                c = openOrBackOff(addr);
                if (c == null) {
                    return null;
                }
            }
            long start = System.nanoTime();
            try {
                return c.invoke(request, timeoutMillis);
            } catch (RemotingSendRequestException e) {
                if (!reused || c.isOpen() || Thread.currentThread().isInterrupted()) {
                    throw e; // a fresh connection failed, the request was refused by the encoder, or an interrupt
                }
                long left = timeoutMillis - (System.nanoTime() - start) / 1_000_000;
                if (left <= 0) {
                    throw e;
                }
                LOG.debug("a reused caller-thread connection to {} failed before the answer (closed by the broker or"
                        + " a restart); sending on a new one: {}", addr, e.getMessage());
                CallerThreadConnection fresh = openOrBackOff(addr);
                if (fresh == null) {
                    throw e;
                }
                return fresh.invoke(request, left);
            }
        } finally {
            lock.unlock();
        }
    }

    private CallerThreadConnection openOrBackOff(String addr) {
        try {
            return open(addr);
        } catch (RemotingConnectException e) {
            LOG.info("synchronous sends to {} use the shared connection for {} s: {}", addr, BACK_OFF_MILLIS / 1000,
                    e.getMessage());
            backingOff = true;
            backOffUntilNanos = System.nanoTime() + BACK_OFF_MILLIS * 1_000_000;
            return null;
        }
    }

    /** Opens a connection and authenticates it (the broker checks every connection, not only the shared one). */
    private CallerThreadConnection open(String addr) throws RemotingConnectException {
        CallerThreadConnection c = CallerThreadConnection.open(addr, connectTimeoutMillis, maxFrameLength, timer);
        try {
            RemotingCommand resp = c.invoke(RemotingCommand.createRequest(BrokerRequestCode.AUTHENTICATE,
                    new AuthenticateRequestHeader(user, password)), Math.max(1, connectTimeoutMillis));
            if (resp.getCode() != ResponseCode.SUCCESS) {
                c.close();
                throw new RemotingConnectException("broker " + addr + " refused to authenticate a caller-thread"
                        + " connection: " + resp.getCode() + " " + resp.getRemark());
            }
        } catch (RemotingSendRequestException | RemotingTimeoutException e) {
            c.close();
            throw new RemotingConnectException("authenticating a caller-thread connection to " + addr + " failed: "
                    + e.getMessage(), e);
        }
        CallerThreadConnection old = connections.put(addr, c);
        if (old != null) {
            old.close();
        }
        if (closed) { // closed while connecting: the close may not have seen this one
            c.close();
            throw new RemotingConnectException("the producer was closed while connecting to " + addr);
        }
        return c;
    }

    /** Number of open connections (tests). */
    int openConnections() {
        return (int) connections.values().stream().filter(CallerThreadConnection::isOpen).count();
    }

    /** Closes every connection; a send under way fails, later calls return null. */
    @Override
    public void close() {
        // not under the lock: a sender blocked in a read is released by closing its socket
        closed = true;
        for (CallerThreadConnection c : connections.values()) {
            c.close();
        }
    }
}
