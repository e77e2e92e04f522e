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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.rocketjms.jms.client.internal.Backoff;
import org.rocketjms.jms.client.internal.DaemonThreadFactory;
import org.rocketjms.jms.client.route.TopicRoute;
import org.rocketjms.remoting.exception.RemotingCommandException;
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
 * <p>For each broker serving the topic a background fetcher issues long-polling POP requests (any queue of the
 * topic) and fills a bounded prefetch buffer; it stops fetching while the buffer holds at least the prefetch
 * limit of messages or bytes (one in-flight batch may overshoot it); in {@link #setFetchOnDemand on-demand} mode
 * it fetches only for receivers that are waiting. The application takes messages with
 * {@link #receive(long)} / {@link #receiveNoWait()} or gets them pushed to a {@link MessageHandler}. Messages of
 * one queue reach the buffer in queue order.
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
    private final Condition roomOrWake = lock.newCondition();
    private final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
    private final Map<String, Fetcher> fetchers = new HashMap<>();
    private final DaemonThreadFactory threads;
    private long bufferedBytes;
    private int prefetchMessages;
    private long prefetchBytes;
    private int batchSize;
    private long invisibleTimeMillis;
    private long suspendMillis;
    private MessageHandler handler;
    private Thread dispatcher;
    private boolean everStarted;
    private volatile boolean fetchOnDemand;
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
        this.threads = new DaemonThreadFactory("rocketjms-pop-" + subscription.group() + '-' + subscription.topic());
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
     * Switches to push delivery: after {@link #start()}, a dispatch thread hands every message to {@code handler}
     * (set before the first start; {@link #receive} must not be used then).
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
            roomOrWake.signalAll();
            notEmpty.signalAll();
            if (first && handler != null) {
                dispatcher = threads.newThread(this::dispatchLoop);
                dispatcher.start();
            }
        } finally {
            lock.unlock();
        }
        if (first) {
            instance.subscriptionsChanged();
            reconcile();
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
                waiting++;
                if (waiting == 1 || deadline > waitDeadlineNanos) {
                    waitDeadlineNanos = deadline;
                }
                roomOrWake.signalAll();
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
            releaseQuietly(stale);
        }
        return result;
    }

    private ReceivedMessage poll() {
        ReceivedMessage m = buffer.poll();
        if (m != null) {
            bufferedBytes -= m.getBodySize();
            roomOrWake.signalAll();
        }
        return m;
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
            roomOrWake.signalAll();
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
        Thread d;
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
            roomOrWake.signalAll();
            d = dispatcher;
        } finally {
            lock.unlock();
        }
        if (d != null && d != Thread.currentThread()) {
            d.interrupt();
        }
        releaseQuietly(release);
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
            roomOrWake.signalAll();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            LOG.debug("dropped {} prefetched messages of broker {} whose connection closed; it redelivers them", dropped,
                    addr);
        }
    }

    void wakeUp() {
        lock.lock();
        try {
            roomOrWake.signalAll();
        } finally {
            lock.unlock();
        }
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
                    Fetcher f = new Fetcher(b);
                    fetchers.put(b, f);
                    threads.newThread(f).start();
                }
            }
            for (Iterator<Map.Entry<String, Fetcher>> it = fetchers.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Fetcher> e = it.next();
                if (!brokers.contains(e.getKey())) {
                    e.getValue().active = false;
                    it.remove();
                }
            }
            roomOrWake.signalAll();
        } finally {
            lock.unlock();
        }
        if (route.isProvisional()) {
            retryReconcileLater();
        }
    }

    private void retryReconcileLater() {
        try {
            instance.scheduler().schedule(this::reconcile, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("not re-checking the route of {}: the client is closing", subscription.topic(), e);
        }
    }

    private void dispatchLoop() {
        while (!closed) {
            ReceivedMessage m;
            try {
                m = receive(0);
            } catch (ClientException e) {
                if (e.getCode() != ClientException.INTERRUPTED) {
                    LOG.error("consumer {} stopped delivering: {}", subscription, e.getMessage());
                }
                return;
            }
            if (m == null) {
                continue;
            }
            try {
                handler.onMessage(m);
            } catch (Exception e) {
                LOG.warn("message handler of {} failed on {}; releasing it for redelivery", subscription, m, e);
                releaseQuietly(List.of(m));
            }
        }
    }

    /**
     * Waits until fetching is allowed and the buffer has room (in on-demand mode: until more receivers wait than
     * messages are buffered); returns the batch size to ask for, or 0. Sets {@code f.suspendMillis} to the long-poll
     * time to use.
     */
    private int awaitRoom(Fetcher f) throws InterruptedException {
        lock.lock();
        try {
            while (f.active && !closed) {
                if (!paused && fetchOnDemand && handler == null) {
                    if (waiting > buffer.size()) {
                        long left = waitDeadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                                : TimeUnit.NANOSECONDS.toMillis(waitDeadlineNanos - System.nanoTime());
                        if (left > 0) {
                            f.suspendMillis = Math.min(suspendMillis, left);
                            return Math.max(1, Math.min(batchSize, waiting - buffer.size()));
                        }
                    }
                } else if (!paused && buffer.size() < prefetchMessages && bufferedBytes < prefetchBytes) {
                    f.suspendMillis = suspendMillis;
                    return Math.max(1, Math.min(batchSize, prefetchMessages - buffer.size()));
                }
                roomOrWake.await(1, TimeUnit.SECONDS);
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    private void pause(Fetcher f, long millis) throws InterruptedException {
        lock.lock();
        try {
            if (f.active && !closed) {
                roomOrWake.await(millis, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
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
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Pops from one broker in a loop while the consumer runs. */
    private final class Fetcher implements Runnable {
        final String brokerName;
        final String outageKey;
        volatile boolean active = true;
        /** The long-poll time of the next POP (set by {@link #awaitRoom}). */
        long suspendMillis = PopConsumerCore.this.suspendMillis;

        Fetcher(String brokerName) {
            this.brokerName = brokerName;
            this.outageKey = "pop:" + subscription.group() + ':' + subscription.topic() + '@' + brokerName + '#'
                    + System.identityHashCode(PopConsumerCore.this);
        }

        @Override
        public void run() {
            Backoff backoff = new Backoff(100, 5_000);
            try {
                while (active && !closed) {
                    int batch = awaitRoom(this);
                    if (batch == 0) {
                        break;
                    }
                    long delay = popOnce(batch);
                    if (delay == 0) {
                        backoff.reset();
                    } else {
                        pause(this, delay < 0 ? backoff.next() : delay);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("pop fetcher of {} on broker {} interrupted", subscription, brokerName, e);
            } catch (RuntimeException e) {
                LOG.error("pop fetcher of {} on broker {} died", subscription, brokerName, e);
            }
            LOG.debug("pop fetcher of {} on broker {} stopped", subscription, brokerName);
        }

        /** One POP; returns 0 to continue at once, a positive delay, or -1 to back off. */
        private long popOnce(int batch) throws InterruptedException {
            String addr = instance.brokerAddress(brokerName);
            if (addr == null) {
                return -1;
            }
            String what = "pop from broker " + brokerName + " at " + addr + " for " + subscription.group();
            RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.POP_MESSAGE,
                    new PopMessageRequestHeader(subscription.group(), subscription.topic(), -1, batch,
                            invisibleTimeMillis, this.suspendMillis, subscription.expression(),
                            subscription.expressionType(), instance.clientId(), subscription.initFromEnd()));
            RemotingCommand resp;
            try {
                resp = instance.invoke(addr, req, this.suspendMillis + instance.config().getRequestTimeoutMillis());
            } catch (ClientException e) {
                if (!active || closed || instance.isClosed()) {
                    LOG.debug("{} ended by close", what, e);
                    return 0;
                }
                instance.outages().failure(outageKey, what, e.getCause() != null ? e.getCause() : e);
                return -1;
            }
            int code = resp.getCode();
            if (code == ResponseCode.SUCCESS) {
                instance.outages().success(outageKey, what);
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
                    releaseQuietly(msgs);
                }
                return 0;
            }
            if (code == BrokerResponseCode.PULL_NOT_FOUND) {
                instance.outages().success(outageKey, what);
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
                return 0;
            }
            instance.outages().failure(outageKey, what, new ClientException(code, String.valueOf(resp.getRemark())));
            return -1;
        }
    }

    @Override
    public String toString() {
        return "PopConsumerCore[" + subscription + ']';
    }
}
