package org.rocketjms.jms.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.rocketjms.jms.client.internal.Backoff;
import org.rocketjms.jms.client.route.TopicRoute;
import org.rocketjms.remoting.ResponseFuture;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.InlineInvokeCallback;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.MessageListCodec;
import org.rocketjms.remoting.protocol.broker.PopMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer with per-message acknowledgement (the broker's pop model), used by the JMS layer for queues and
 * topic subscriptions.
 *
 * <p>For each broker serving the topic a fetcher issues long-polling POP requests (any queue of the topic) and
 * fills a bounded prefetch buffer; it stops fetching while the buffer holds at least the prefetch limit of messages
 * or bytes (one in-flight batch may overshoot it); in {@link #setFetchOnDemand on-demand} mode it fetches only for
 * receivers that are waiting (a consumer with an {@link #setArrivalListener arrival listener} counts as one
 * receiver waiting whenever it is not delivering): one message per POP while the application is slow, doubling up
 * to the pop batch size while it takes every fetched batch within
 * {@link ClientConfig#getOnDemandIdleReleaseMillis() the idle-release time}; whatever it leaves in the buffer for
 * that long is released to the broker unseen (no POP is sent until the release is confirmed, so queue order holds),
 * so an idle consumer never holds messages for long. Fetchers own no thread: a POP is an async request whose
 * response, on the network client's callback thread, fills the buffer and sends the next POP when there is room;
 * taking a message or starting the consumer sends one when there was none. The application takes messages with
 * {@link #receive(long)} / {@link #receiveNoWait()}, {@link #pollForListener()} after an arrival notice, or gets
 * them pushed to a {@link MessageHandler} (run on the client's shared worker pool, one message at a time). Messages
 * of one queue reach the buffer in queue order.
 *
 * <p>Guarantees: {@link #ack} returns only after every broker confirmed (the broker stores acks durably) and
 * throws a {@link ClientException} naming stale receipts otherwise; {@link #nack} makes a message visible again
 * after the given delay; {@link #stop()} pauses fetching and delivery (JMS {@code Connection.stop}) and
 * {@link #start()} resumes it; {@link #close()} stops everything and releases every prefetched, undelivered
 * message to the broker at once so other consumers of the group get it without waiting for the invisible time.
 * A buffered message whose invisible time has (almost) passed is not delivered; it is released instead, because
 * the broker may already have given it to another consumer. When a broker connection closes, the messages
 * buffered from that broker are dropped (the broker redelivers them). Fetchers retry failures with exponential
 * backoff, logging at WARN once per outage.
 */
public final class PopConsumerCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PopConsumerCore.class);
    /** How long {@link #receiveNoWait()} fetches in on-demand mode, where nothing is prefetched. */
    private static final long ON_DEMAND_NO_WAIT_MILLIS = 100;

    private final ClientInstance instance;
    private final Subscription subscription;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
    private final Map<String, Fetcher> fetchers = new HashMap<>();
    private final AtomicBoolean dispatchScheduled = new AtomicBoolean();
    private long bufferedBytes;
    private int prefetchMessages;
    private long prefetchBytes;
    private int batchSize;
    private long invisibleTimeMillis;
    private long suspendMillis;
    private MessageHandler handler;
    private volatile Runnable arrivalListener;
    /** With an arrival listener: a message taken by {@link #pollForListener()} is being delivered. */
    private boolean listenerBusy;
    private boolean everStarted;
    private volatile boolean fetchOnDemand;
    /** On-demand mode: messages the next POP asks for at least (doubles while the application keeps up). */
    private int demandBatch = 1;
    /** On-demand mode: nanoTime the last POP answer with messages was buffered. */
    private long lastArrivalNanos;
    /** On-demand mode: the batch size was adapted after the last arrival already. */
    private boolean adaptedSinceArrival = true;
    /** nanoTime a message was last taken from the buffer. */
    private long lastTakeNanos;
    /** On-demand mode: an idle check is scheduled. */
    private boolean idleCheckScheduled;
    /** On-demand mode: buffered messages nobody took are being released; no POP until that is confirmed. */
    private boolean idleReleasing;
    private final long idleReleaseNanos;
    /** Receivers blocked in {@link #take} (on-demand mode fetches only for them). */
    private int waiting;
    /** The latest deadline (nanoTime) of a blocked receiver; Long.MAX_VALUE when one waits without limit. */
    private long waitDeadlineNanos;
    private volatile boolean paused = true;
    private volatile boolean closed;
    private volatile ClientException failure;

    PopConsumerCore(ClientInstance instance, Subscription subscription) {
        this.instance = instance;
        this.subscription = subscription;
        ClientConfig c = instance.config();
        this.prefetchMessages = c.getPrefetchMessages();
        this.prefetchBytes = c.getPrefetchBytes();
        this.batchSize = c.getPopBatchSize();
        this.invisibleTimeMillis = c.getPopInvisibleTimeMillis();
        this.suspendMillis = c.getLongPollSuspendMillis();
        this.idleReleaseNanos = TimeUnit.MILLISECONDS.toNanos(c.getOnDemandIdleReleaseMillis());
    }

    /** What this consumer consumes. */
    public Subscription subscription() {
        return subscription;
    }

    /**
     * Overrides the prefetch limits of this consumer (before {@link #start()}).
     *
     * @param messages stop fetching while at least this many messages are buffered (at least 1)
     * @param bytes    stop fetching while at least this many body bytes are buffered (at least 1)
     */
    public void setPrefetch(int messages, long bytes) {
        if (messages < 1 || bytes < 1) {
            throw new IllegalArgumentException("prefetch limits must be positive");
        }
        lock.lock();
        try {
            this.prefetchMessages = messages;
            this.prefetchBytes = bytes;
            this.batchSize = Math.min(batchSize, messages);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes this consumer fetch only while a receiver is blocked in {@link #receive} and only as many messages as
     * receivers wait for, with long polls that end when the receivers give up (before {@link #start()}). Used for
     * consumers that compete in one subscription and receive synchronously, so an idle consumer never holds a
     * message another consumer is waiting for. Push delivery ({@link #setMessageHandler}) keeps prefetching.
     */
    public void setFetchOnDemand(boolean onDemand) {
        lock.lock();
        try {
            this.fetchOnDemand = onDemand;
        } finally {
            lock.unlock();
        }
    }

    /** Overrides how long popped messages stay invisible to others unless acked (before {@link #start()}). */
    public void setInvisibleTimeMillis(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("invisible time must be positive");
        }
        this.invisibleTimeMillis = millis;
    }

    /**
     * Switches to push delivery: after {@link #start()}, every message is handed to {@code handler} on the client's
     * worker pool, one at a time (set before the first start; {@link #receive} must not be used then).
     */
    public void setMessageHandler(MessageHandler handler) {
        lock.lock();
        try {
            if (everStarted) {
                throw new IllegalStateException("set the message handler before starting the consumer");
            }
            this.handler = handler;
        } finally {
            lock.unlock();
        }
    }

    /** Starts or resumes fetching and delivery. */
    public void start() {
        boolean first;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the consumer is closed");
            }
            first = !everStarted;
            everStarted = true;
            paused = false;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        if (first) {
            instance.subscriptionsChanged();
            reconcile();
        } else {
            fetchIfRoom();
        }
        messagesAvailable();
    }

    /**
     * Sets what to call (on any thread, without locks held) when messages may be available to
     * {@link #pollForListener()}: after they arrive, after a start, after a delivery ended; null for nothing. While a
     * listener is set, an {@link #setFetchOnDemand on-demand} consumer fetches as if one receiver were waiting
     * whenever no delivery is under way.
     */
    public void setArrivalListener(Runnable listener) {
        lock.lock();
        try {
            this.arrivalListener = listener;
            this.listenerBusy = false;
        } finally {
            lock.unlock();
        }
        fetchIfRoom();
        messagesAvailable();
    }

    /**
     * Takes the next deliverable message without waiting, for a caller notified by the
     * {@link #setArrivalListener arrival listener}; null when none is buffered or the consumer is stopped or closed.
     * Every message returned must be followed by {@link #listenerDone()} once its delivery ended.
     *
     * @throws ClientException if fetching failed for good (e.g. the broker rejected the selector)
     */
    public ReceivedMessage pollForListener() throws ClientException {
        List<ReceivedMessage> stale = null;
        ReceivedMessage result = null;
        lock.lock();
        try {
            ClientException f = failure;
            if (f != null) {
                throw f;
            }
            while (!closed && !paused) {
                ReceivedMessage m = poll();
                if (m == null) {
                    break;
                }
                if (nearlyExpired(m)) {
                    if (stale == null) {
                        stale = new ArrayList<>();
                    }
                    stale.add(m);
                    continue;
                }
                result = m;
                listenerBusy = true;
                break;
            }
            if (result == null && buffer.isEmpty()) {
                adaptDemandBatch();
            }
        } finally {
            lock.unlock();
        }
        if (stale != null) {
            LOG.debug("{} prefetched messages outlived their invisible time in the buffer; releasing them", stale.size());
            releaseUnseen(stale);
        }
        if (result == null) {
            fetchIfRoom();
        }
        return result;
    }

    /** The delivery of the message last returned by {@link #pollForListener()} ended: fetch the next if on demand. */
    public void listenerDone() {
        lock.lock();
        try {
            listenerBusy = false;
        } finally {
            lock.unlock();
        }
        fetchIfRoom();
    }

    /** Tells the arrival listener or the handler dispatch that messages may be there. */
    private void messagesAvailable() {
        Runnable l = arrivalListener;
        if (l != null) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("arrival listener of {} failed", subscription, e);
            }
        }
        if (handler != null) {
            scheduleDispatch();
        }
    }

    /** Pauses fetching and delivery; buffered messages stay buffered. {@link #receive} blocks while stopped. */
    public void stop() {
        paused = true;
    }

    /** True while started and not stopped or closed. */
    public boolean isRunning() {
        return !paused && !closed;
    }

    /**
     * Takes the next message, waiting up to {@code timeoutMillis} (0 or less: until a message arrives or the consumer
     * is closed). Blocks while the consumer is stopped.
     *
     * @return the message, or null on timeout or close
     * @throws ClientException if fetching failed for good (e.g. the broker rejected the selector)
     */
    public ReceivedMessage receive(long timeoutMillis) throws ClientException {
        return take(timeoutMillis <= 0 ? Long.MAX_VALUE : timeoutMillis, false);
    }

    /** Takes a buffered message if one is there now, else returns null. */
    public ReceivedMessage receiveNoWait() throws ClientException {
        return take(0, true);
    }

    private ReceivedMessage take(long timeoutMillis, boolean noWait) throws ClientException {
        if (noWait && fetchOnDemand && handler == null) {
            // nothing is prefetched in on-demand mode: "immediately available" means what one short POP returns
            noWait = false;
            timeoutMillis = ON_DEMAND_NO_WAIT_MILLIS;
        }
        long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<ReceivedMessage> stale = null;
        ReceivedMessage result = null;
        lock.lock();
        try {
            while (true) {
                ClientException f = failure;
                if (f != null) {
                    throw f;
                }
                if (closed) {
                    break;
                }
                if (!paused) {
                    ReceivedMessage m = poll();
                    if (m != null) {
                        if (nearlyExpired(m)) {
                            if (stale == null) {
                                stale = new ArrayList<>();
                            }
                            stale.add(m);
                            continue;
                        }
                        result = m;
                        break;
                    }
                }
                if (noWait) {
                    break;
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (buffer.isEmpty()) {
                    adaptDemandBatch();
                }
                waiting++;
                if (waiting == 1 || deadline > waitDeadlineNanos) {
                    waitDeadlineNanos = deadline;
                }
                fetchIfRoom();
                try {
                    if (left == Long.MAX_VALUE) {
                        notEmpty.await();
                    } else {
                        notEmpty.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClientException(ClientException.INTERRUPTED, "interrupted while receiving", e);
                } finally {
                    waiting--;
                }
            }
        } finally {
            lock.unlock();
        }
        if (stale != null) {
            LOG.debug("{} prefetched messages outlived their invisible time in the buffer; releasing them", stale.size());
            releaseUnseen(stale);
        }
        return result;
    }

    /** Takes the head of the buffer (lock held) and sends a POP if that made room. */
    private ReceivedMessage poll() {
        ReceivedMessage m = buffer.poll();
        if (m != null) {
            bufferedBytes -= m.getBodySize();
            lastTakeNanos = System.nanoTime();
            fetchIfRoom();
        }
        return m;
    }

    /**
     * On-demand mode, lock held, the buffer ran empty while the application wants more: if it took the last batch
     * within the idle-release time, the next POP asks for twice as many (up to the pop batch size); otherwise
     * for one. Once per arrival.
     */
    private void adaptDemandBatch() {
        if (!fetchOnDemand || handler != null || adaptedSinceArrival) {
            return;
        }
        adaptedSinceArrival = true;
        if (System.nanoTime() - lastArrivalNanos <= idleReleaseNanos) {
            demandBatch = Math.min(batchSize, demandBatch * 2);
        } else {
            demandBatch = 1;
        }
    }

    /**
     * On-demand mode: releases the buffered messages (unseen) when nobody took one for the idle-release time and no
     * receiver is about to take one; otherwise checks again later.
     */
    private void idleCheck() {
        List<ReceivedMessage> release;
        lock.lock();
        try {
            idleCheckScheduled = false;
            if (closed || buffer.isEmpty() || !fetchOnDemand || handler != null) {
                return;
            }
            long idle = System.nanoTime() - Math.max(lastTakeNanos, lastArrivalNanos);
            if (idle < idleReleaseNanos || (waiting > 0 && !paused)) {
                scheduleIdleCheck(Math.max(1, idleReleaseNanos - Math.max(0, idle)));
                return;
            }
            release = new ArrayList<>(buffer);
            buffer.clear();
            bufferedBytes = 0;
            demandBatch = 1;
            idleReleasing = true;
        } finally {
            lock.unlock();
        }
        LOG.debug("{}: releasing {} fetched messages the application did not take", this, release.size());
        try {
            instance.execute(() -> {
                try {
                    releaseUnseen(release);
                } finally {
                    idleReleased();
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("{}: could not release idle messages; the broker redelivers them after their invisible time",
                    this, e);
            idleReleased();
        }
    }

    private void idleReleased() {
        lock.lock();
        try {
            idleReleasing = false;
        } finally {
            lock.unlock();
        }
        fetchIfRoom();
    }

    /** Lock held: runs {@link #idleCheck()} in {@code nanos} unless one is scheduled. */
    private void scheduleIdleCheck(long nanos) {
        if (idleCheckScheduled) {
            return;
        }
        idleCheckScheduled = true;
        try {
            instance.scheduler().schedule(this::idleCheck, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            idleCheckScheduled = false;
            LOG.debug("{}: no idle check, the client threads are shut down", this, e);
        }
    }

    private boolean nearlyExpired(ReceivedMessage m) {
        long margin = Math.min(2000, invisibleTimeMillis / 10);
        return System.currentTimeMillis() >= m.getReceivedAt() + invisibleTimeMillis - margin;
    }

    /** Number of messages in the prefetch buffer. */
    public int bufferedMessageCount() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every buffered (prefetched, not yet delivered) message and returns them in buffer order, still popped:
     * the caller releases them, typically together with delivered ones (JMS {@code recover()}/{@code rollback()}
     * restarting delivery from the oldest unacknowledged message).
     */
    public List<ReceivedMessage> drainBuffer() {
        lock.lock();
        try {
            List<ReceivedMessage> out = new ArrayList<>(buffer);
            buffer.clear();
            bufferedBytes = 0;
            fetchIfRoom();
            out.forEach(ReceivedMessage::markReleasedUnseen);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Body bytes in the prefetch buffer. */
    public long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Acknowledges messages; returns once every broker confirmed them durably.
     *
     * @throws ClientException with {@link BrokerResponseCode#RECEIPT_HANDLE_INVALID} if some receipts were stale
     *                         (acked or redelivered meanwhile; the valid ones are acked), or a network failure
     */
    public void ack(ReceivedMessage... msgs) throws ClientException {
        ack(Arrays.asList(msgs));
    }

    /** {@link #ack(ReceivedMessage...)} for a collection. */
    public void ack(Collection<ReceivedMessage> msgs) throws ClientException {
        handleRequest(msgs, -1);
    }

    /**
     * Negative acknowledgement: the message becomes visible again after {@code delayMillis} (0 = at once) and is
     * redelivered with a higher delivery count.
     */
    public void nack(ReceivedMessage msg, long delayMillis) throws ClientException {
        nack(List.of(msg), delayMillis);
    }

    /** {@link #nack(ReceivedMessage, long)} for several messages. */
    public void nack(Collection<ReceivedMessage> msgs, long delayMillis) throws ClientException {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        handleRequest(msgs, delayMillis);
    }

    /** Extends (or shortens) how long a delivered message stays invisible, counted from now. */
    public void changeInvisibleTime(ReceivedMessage msg, long millis) throws ClientException {
        nack(msg, millis);
    }

    private void handleRequest(Collection<ReceivedMessage> msgs, long invisibleMillis) throws ClientException {
        instance.handleReceipts(msgs, invisibleMillis);
    }

    /** Releases messages the application never saw: the broker does not count them as delivered. */
    private void releaseUnseen(List<ReceivedMessage> msgs) {
        msgs.forEach(ReceivedMessage::markReleasedUnseen);
        releaseQuietly(msgs);
    }

    private void releaseQuietly(List<ReceivedMessage> msgs) {
        if (msgs.isEmpty()) {
            return;
        }
        try {
            handleRequest(msgs, 0);
        } catch (ClientException e) {
            LOG.debug("releasing {} messages failed; the broker redelivers them after their invisible time", msgs.size(),
                    e);
        }
    }

    /**
     * Stops fetching and delivery, releases every buffered message to the broker at once and unregisters the
     * consumer from its client. Idempotent; never throws. Messages already handed to the application and not yet
     * acked stay in flight until acked, nacked, or the client closes.
     */
    @Override
    public void close() {
        List<ReceivedMessage> release;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            paused = true;
            for (Fetcher f : fetchers.values()) {
                f.active = false;
            }
            fetchers.clear();
            release = new ArrayList<>(buffer);
            buffer.clear();
            bufferedBytes = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        releaseUnseen(release);
        instance.removed(this);
        LOG.debug("pop consumer {} closed; released {} prefetched messages", subscription, release.size());
    }

    // ---- called by the client instance ----

    void routeChanged(String topic) {
        if (topic.equals(subscription.topic()) && !closed) {
            reconcile();
        }
    }

    void brokerDisconnected(String addr) {
        int dropped = 0;
        lock.lock();
        try {
            for (Iterator<ReceivedMessage> it = buffer.iterator(); it.hasNext(); ) {
                ReceivedMessage m = it.next();
                if (addr.equals(m.getBrokerAddr())) {
                    it.remove();
                    bufferedBytes -= m.getBodySize();
                    dropped++;
                }
            }
            fetchIfRoom();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            LOG.debug("dropped {} prefetched messages of broker {} whose connection closed; it redelivers them", dropped,
                    addr);
        }
    }

    /** The brokers are reachable again: fetchers backing off retry now (their scheduled retries are void). */
    void wakeUp() {
        lock.lock();
        try {
            for (Fetcher f : fetchers.values()) {
                f.backoff.reset();
                if (f.retryPending) {
                    f.retryPending = false;
                    f.retryGeneration++;
                }
            }
        } finally {
            lock.unlock();
        }
        fetchIfRoom();
    }

    /** Starts a fetcher for every broker serving the topic and stops those of brokers that left the route. */
    private void reconcile() {
        if (closed) {
            return;
        }
        TopicRoute route;
        try {
            route = instance.routes().routeOrProvisional(subscription.topic());
        } catch (ClientException e) {
            instance.outages().failure("route:" + subscription.topic(), "route lookup of topic " + subscription.topic(), e);
            retryReconcileLater();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("interrupted; giving up", e);
            return;
        }
        instance.outages().success("route:" + subscription.topic(), "route lookup of topic " + subscription.topic());
        List<String> brokers = route.readableBrokers();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (String b : brokers) {
                if (!fetchers.containsKey(b)) {
                    fetchers.put(b, new Fetcher(b));
                }
            }
            for (Iterator<Map.Entry<String, Fetcher>> it = fetchers.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Fetcher> e = it.next();
                if (!brokers.contains(e.getKey())) {
                    e.getValue().active = false;
                    it.remove();
                }
            }
            fetchIfRoom();
        } finally {
            lock.unlock();
        }
        if (route.isProvisional()) {
            retryReconcileLater();
        }
    }

    private void retryReconcileLater() {
        instance.runLater(this::reconcile, 1_000);
    }

    /** Schedules the handler's delivery task on the worker pool unless it is scheduled or running. */
    private void scheduleDispatch() {
        if (handler == null || closed || !dispatchScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            instance.workers().execute(this::dispatchRun);
        } catch (RejectedExecutionException e) {
            dispatchScheduled.set(false);
            LOG.debug("not dispatching to the handler of {}: the client threads are shut down", subscription, e);
        }
    }

    /** Hands buffered messages to the handler one at a time until none is deliverable; then ends. */
    private void dispatchRun() {
        try {
            while (!closed) {
                ReceivedMessage m;
                try {
                    m = pollForListener();
                } catch (ClientException e) {
                    LOG.error("consumer {} stopped delivering: {}", subscription, e.getMessage());
                    return;
                }
                if (m == null) {
                    break;
                }
                try {
                    handler.onMessage(m);
                } catch (Exception e) {
                    LOG.warn("message handler of {} failed on {}; releasing it for redelivery", subscription, m, e);
                    releaseQuietly(List.of(m));
                } finally {
                    listenerDone();
                }
            }
        } finally {
            dispatchScheduled.set(false);
        }
        boolean more;
        lock.lock();
        try {
            more = !closed && !paused && !buffer.isEmpty() && failure == null;
        } finally {
            lock.unlock();
        }
        if (more) {
            scheduleDispatch();
        }
    }

    /**
     * The batch size {@code f} may ask for now (lock held), or 0 when fetching is not allowed or the buffer has no
     * room (in on-demand mode: unless more receivers wait than messages are buffered). Sets {@code f.suspendMillis}
     * to the long-poll time to use.
     */
    private int room(Fetcher f) {
        if (paused || closed || !f.active) {
            return 0;
        }
        if (fetchOnDemand && handler == null) {
            if (idleReleasing) {
                return 0;
            }
            boolean listenerWaits = arrivalListener != null && !listenerBusy;
            int demand = waiting + (listenerWaits ? 1 : 0);
            if (demand <= buffer.size()) {
                return 0;
            }
            long left = listenerWaits || waitDeadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                    : TimeUnit.NANOSECONDS.toMillis(waitDeadlineNanos - System.nanoTime());
            if (left <= 0) {
                return 0;
            }
            f.suspendMillis = Math.min(suspendMillis, left);
            return Math.max(1, Math.min(batchSize, Math.max(demandBatch, demand - buffer.size())));
        }
        if (buffer.size() < prefetchMessages && bufferedBytes < prefetchBytes) {
            f.suspendMillis = suspendMillis;
            return Math.max(1, Math.min(batchSize, prefetchMessages - buffer.size()));
        }
        return 0;
    }

    /**
     * Sends a POP from every fetcher that has none in flight, is not backing off and has room. Called after
     * anything that may make room or demand; never blocks (the POP is an async request).
     */
    private void fetchIfRoom() {
        List<Fetcher> go = null;
        lock.lock();
        try {
            for (Fetcher f : fetchers.values()) {
                if (f.inFlight || f.retryPending) {
                    continue;
                }
                int batch = room(f);
                if (batch > 0) {
                    f.inFlight = true;
                    f.batch = batch;
                    if (go == null) {
                        go = new ArrayList<>(1);
                    }
                    go.add(f);
                }
            }
        } finally {
            lock.unlock();
        }
        if (go != null) {
            for (Fetcher f : go) {
                f.popAsync();
            }
        }
    }

    private boolean deliver(List<ReceivedMessage> msgs) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            for (ReceivedMessage m : msgs) {
                buffer.add(m);
                bufferedBytes += m.getBodySize();
            }
            if (fetchOnDemand && handler == null && !msgs.isEmpty()) {
                lastArrivalNanos = System.nanoTime();
                adaptedSinceArrival = false;
                scheduleIdleCheck(idleReleaseNanos);
            }
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Releases messages on a worker thread (the caller is a network callback and must not block). */
    private void releaseLater(List<ReceivedMessage> msgs) {
        instance.execute(() -> releaseUnseen(msgs));
    }

    /**
     * Pops from one broker while the consumer runs: at most one POP in flight, the next sent when its response is
     * handled (or after a backoff) and the buffer has room. State guarded by the consumer lock.
     */
    private final class Fetcher {
        final String brokerName;
        final String outageKey;
        final Backoff backoff = new Backoff(100, 5_000);
        volatile boolean active = true;
        /** A POP was sent and its response not handled yet. */
        boolean inFlight;
        /** A retry is scheduled; no POP is sent before it fires. */
        boolean retryPending;
        /** Counts scheduled retries; a retry that fires after {@link #wakeUp} cancelled it finds a newer value. */
        int retryGeneration;
        /** Batch size of the POP about to be sent. */
        int batch;
        /** The long-poll time of the next POP (set by {@link #room}). */
        long suspendMillis = PopConsumerCore.this.suspendMillis;

        Fetcher(String brokerName) {
            this.brokerName = brokerName;
            this.outageKey = "pop:" + subscription.group() + ':' + subscription.topic() + '@' + brokerName + '#'
                    + System.identityHashCode(PopConsumerCore.this);
        }

        private String what(String addr) {
            return "pop from broker " + brokerName + " at " + addr + " for " + subscription.group();
        }

        /** Sends one POP (inFlight was set by the caller); its response is handled by {@link #completed}. */
        void popAsync() {
            String addr = instance.brokerAddress(brokerName);
            if (addr == null) {
                finished(-1);
                return;
            }
            long suspend = this.suspendMillis;
            if (LOG.isTraceEnabled()) {
                LOG.trace("{}: POP of up to {} with {} ms long poll", PopConsumerCore.this, batch, suspend);
            }
            RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.POP_MESSAGE,
                    new PopMessageRequestHeader(subscription.group(), subscription.topic(), -1, batch,
                            invisibleTimeMillis, suspend, subscription.expression(),
                            subscription.expressionType(), instance.clientId(), subscription.initFromEnd()));
            try {
                instance.remoting().invokeAsync(addr, req, suspend + instance.config().getRequestTimeoutMillis(),
                        (InlineInvokeCallback) rf -> completed(addr, rf));
            } catch (RemotingException e) {
                failed(addr, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("{} interrupted", what(addr), e);
                finished(-1);
            }
        }

        private void failed(String addr, RemotingException e) {
            if (!active || closed || instance.isClosed()) {
                LOG.debug("{} ended by close", what(addr), e);
                finished(0);
                return;
            }
            instance.requestProbe();
            instance.outages().failure(outageKey, what(addr), e);
            finished(-1);
        }

        /** Handles a POP response (on the network I/O thread that read it; a failure on a callback thread). */
        private void completed(String addr, ResponseFuture rf) {
            try {
                if (!rf.isSuccess()) {
                    failed(addr, rf.getCause());
                    return;
                }
                finished(handle(addr, rf.getResponse()));
            } catch (RuntimeException e) {
                LOG.error("pop fetcher of {} on broker {} failed; retrying", subscription, brokerName, e);
                finished(-1);
            }
        }

        /** Handles a POP answer; returns 0 to continue at once, a positive delay, or -1 to back off. */
        private long handle(String addr, RemotingCommand resp) {
            int code = resp.getCode();
            if (LOG.isTraceEnabled()) {
                LOG.trace("{}: POP answered {}", PopConsumerCore.this, code);
            }
            if (code == ResponseCode.SUCCESS) {
                instance.outages().success(outageKey, what(addr));
                List<WireMessage> wire;
                try {
                    wire = MessageListCodec.decode(resp.getBody());
                } catch (RemotingCommandException e) {
                    LOG.error("malformed pop response from {}: {}", addr, e.getMessage());
                    return -1;
                }
                List<ReceivedMessage> msgs = new ArrayList<>(wire.size());
                for (WireMessage w : wire) {
                    msgs.add(new ReceivedMessage(brokerName, addr, subscription.group(), w));
                }
                if (!active || !deliver(msgs)) {
                    releaseLater(msgs);
                } else if (!msgs.isEmpty()) {
                    messagesAvailable();
                }
                return 0;
            }
            if (code == BrokerResponseCode.PULL_NOT_FOUND) {
                if (instance.outages().isDown(outageKey)) {
                    instance.outages().success(outageKey, what(addr));
                }
                return 0;
            }
            if (code == BrokerResponseCode.TOPIC_NOT_EXIST) {
                LOG.debug("topic {} does not exist on broker {} yet", subscription.topic(), brokerName);
                return 1_000;
            }
            if (code == BrokerResponseCode.SUBSCRIPTION_PARSE_FAILED) {
                failure = new ClientException(code, "broker " + brokerName + " rejected the subscription "
                        + subscription.expression() + ": " + resp.getRemark());
                LOG.error("{}", failure.getMessage());
                lock.lock();
                try {
                    notEmpty.signalAll();
                } finally {
                    lock.unlock();
                }
                active = false;
                messagesAvailable();
                return 0;
            }
            instance.outages().failure(outageKey, what(addr), new ClientException(code, String.valueOf(resp.getRemark())));
            return -1;
        }

        /** The POP in flight is done: send the next at once ({@code delay} 0) or after a delay or backoff (-1). */
        private void finished(long delay) {
            long wait;
            int generation = 0;
            lock.lock();
            try {
                inFlight = false;
                if (!active || closed) {
                    return;
                }
                if (delay == 0) {
                    backoff.reset();
                    wait = 0;
                } else {
                    wait = delay < 0 ? backoff.next() : delay;
                    retryPending = true;
                    generation = ++retryGeneration;
                }
            } finally {
                lock.unlock();
            }
            if (wait == 0) {
                fetchIfRoom();
                return;
            }
            try {
                int scheduled = generation;
                instance.scheduler().schedule(() -> retry(scheduled), wait, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("pop fetcher of {} on broker {} stops: the client threads are shut down", subscription,
                        brokerName, e);
            }
        }

        private void retry(int generation) {
            lock.lock();
            try {
                if (generation != retryGeneration) {
                    return; // cancelled by wakeUp: a POP was sent (or another retry scheduled) since
                }
                retryPending = false;
            } finally {
                lock.unlock();
            }
            fetchIfRoom();
        }
    }

    @Override
    public String toString() {
        return "PopConsumerCore[" + subscription + '@' + Integer.toHexString(System.identityHashCode(this)) + ']';
    }
}
