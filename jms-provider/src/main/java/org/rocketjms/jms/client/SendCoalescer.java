package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the pipelined sends of one session that are made while an earlier one is unanswered into one request.
 *
 * <p>A pipelined send ({@link ProducerCore#sendPipelined}) made while none of the session's requests is unanswered is
 * written at once, alone. One made while a request is unanswered waits here, and the messages that waited leave
 * together as one SEND_BATCH_MESSAGE as soon as an answer arrives (or when {@link #MAX_MESSAGES} or
 * {@link #MAX_BYTES} have gathered): a producer that streams sends one request per round trip instead of one per
 * message, and a message waits at most until the answer the session was waiting for anyway. The broker stores the
 * messages of a coalesced request as independent messages (a message it refuses fails alone, see
 * {@code SendMessageRequestHeader#coalesced}).
 *
 * <p>Order: every request of the session is written with this object's lock held, so requests leave in the order
 * the sends were made; a synchronous send of the session first writes what is waiting ({@link #flush()}), so it
 * never overtakes it. Messages of a local or XA transaction, and messages above {@link #MAX_BYTES}, are written on
 * their own (after what is waiting).
 *
 * <p>Thread-safe. Answers arrive on the I/O thread, which never waits for the lock: it hands the write of what
 * gathered to the client's sender thread ({@code ClientExecutors#sender()}).
 */
final class SendCoalescer {

    private static final Logger LOG = LoggerFactory.getLogger(SendCoalescer.class);

    /** Messages in one coalesced request at most. */
    static final int MAX_MESSAGES = 64;
    /** Estimated bytes (bodies and properties) in one coalesced request at most; a larger message goes alone. */
    static final int MAX_BYTES = 64 * 1024;

    /** One pipelined send: its message and the future its outcome completes. */
    record Pending(OutgoingMessage msg, CompletableFuture<SendResult> result) {
    }

    /** Writes {@code sends} (one or several, one producer, one queue) as one request; called with the lock held. */
    interface Writer {
        void write(MessageQueue mq, String addr, List<Pending> sends);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.Executor flusher;
    private final boolean enabled;
    /** Requests written by this session's pipelined sends and not answered yet. */
    private final AtomicInteger unanswered = new AtomicInteger();
    /** Messages waiting in {@link #waiting} (read without the lock by {@link #answered()}). */
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** Requests written with several sends in them (tests and diagnostics). */
    private final java.util.concurrent.atomic.AtomicLong coalescedRequests = new java.util.concurrent.atomic.AtomicLong();
    // guarded by lock: the waiting messages, all of one producer to one queue over one connection
    private final List<Pending> waiting = new ArrayList<>();
    private Writer waitingWriter;
    private MessageQueue waitingQueue;
    private String waitingAddr;
    private int waitingBytes;

    SendCoalescer(java.util.concurrent.Executor flusher, boolean enabled) {
        this.flusher = flusher;
        this.enabled = enabled;
    }

    /**
     * Writes {@code send} now, or lets it wait for the next answer. The caller holds a window slot for it; the
     * writer's callback must call {@link #answered()} once per request written.
     */
    void submit(Writer writer, MessageQueue mq, String addr, Pending send) {
        int size = send.msg().estimatedSize();
        lock.lock();
        try {
            boolean alone = !enabled || size > MAX_BYTES || isTransactional(send.msg());
            if (!waiting.isEmpty() && (alone || writer != waitingWriter || !mq.equals(waitingQueue)
                    || !addr.equals(waitingAddr))) {
                writeWaiting();
            }
            if (alone || (waiting.isEmpty() && unanswered.get() == 0)) {
                writeLocked(writer, mq, addr, List.of(send));
                return;
            }
            if (waiting.isEmpty()) {
                waitingWriter = writer;
                waitingQueue = mq;
                waitingAddr = addr;
            }
            waiting.add(send);
            waitingBytes += size;
            waitingCount.incrementAndGet();
            // the answer this send waits for may have arrived meanwhile (answered() then saw nothing waiting)
            if (waiting.size() >= MAX_MESSAGES || waitingBytes >= MAX_BYTES || unanswered.get() == 0) {
                writeWaiting();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is waiting (before a synchronous send of the session, which must not overtake it). Always takes
     * the lock, even with nothing waiting: another thread may be writing what it took from the waiting list, and the
     * caller's send must leave after that.
     */
    void flush() {
        lock.lock();
        try {
            if (!waiting.isEmpty()) {
                writeWaiting();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A request written by {@link #submit} was answered (or failed): what waits for it leaves now. */
    void answered() {
        unanswered.decrementAndGet();
        if (waitingCount.get() == 0 || !flushQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            flusher.execute(() -> {
                flushQueued.set(false);
                flush();
            });
        } catch (RejectedExecutionException e) {
            // the client is closing: write from here rather than strand the waiting sends
            flushQueued.set(false);
            LOG.debug("the client's sender refused the flush of coalesced sends; flushing on this thread", e);
            flush();
        }
    }

    /** Requests written so far that carried more than one send. */
    long coalescedRequests() {
        return coalescedRequests.get();
    }

    /** Requests written and not answered (tests). */
    int unanswered() {
        return unanswered.get();
    }

    private void writeWaiting() {
        List<Pending> sends = new ArrayList<>(waiting);
        waiting.clear();
        waitingBytes = 0;
        waitingCount.addAndGet(-sends.size());
        Writer w = waitingWriter;
        waitingWriter = null;
        if (sends.size() > 1) {
            coalescedRequests.incrementAndGet();
        }
        writeLocked(w, waitingQueue, waitingAddr, sends);
    }

    private void writeLocked(Writer writer, MessageQueue mq, String addr, List<Pending> sends) {
        unanswered.incrementAndGet();
        writer.write(mq, addr, sends);
    }

    private static boolean isTransactional(OutgoingMessage m) {
        return (m.getFlags() & EndTransactionRequestHeader.TRANSACTION_TYPE_MASK) != 0;
    }
}
