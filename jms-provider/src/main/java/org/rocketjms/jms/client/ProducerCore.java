package org.rocketjms.jms.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.jms.client.internal.SerialExecutor;
import org.rocketjms.jms.client.producer.LatencyFaultTolerance;
import org.rocketjms.jms.client.route.TopicRoute;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.exception.RemotingConnectException;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.exception.RemotingTimeoutException;
import org.rocketjms.remoting.InlineInvokeCallback;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages for one producer (one JMS MessageProducer, or a session's anonymous producer).
 *
 * <p><b>Queue choice.</b> Per topic the producer keeps one queue, chosen round-robin among the writable queues at
 * first use, so its messages to a destination keep their order (JMS per-producer order). It moves to another
 * queue only when a send on the current one fails or its broker is penalised by the
 * {@link LatencyFaultTolerance}; brokers are avoided after a failure or a slow send, and when every broker is
 * penalised the least-bad one is used.
 *
 * <p><b>Failures.</b> Connection failures, timeouts, SYSTEM_BUSY, SERVICE_NOT_AVAILABLE and TOPIC_NOT_EXIST are
 * retried on another queue (preferably another broker) up to {@link ClientConfig#getRetryTimesWhenSendFailed()}
 * times within the send timeout; the route is refreshed after each. Every other broker refusal (MESSAGE_ILLEGAL,
 * DISK_FULL, FLUSH_DISK_TIMEOUT, ...) is not retried and surfaces as a {@link ClientException} with the broker's
 * code and remark.
 *
 * <p>Thread-safe. {@link #sendAsync} sends of one producer run one after another in call order.
 */
public final class ProducerCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerCore.class);

    private final ClientInstance instance;
    private final String group;
    private final LatencyFaultTolerance faults;
    /** The queue each topic is written to now (shared with the other producers of the same affinity). */
    private final Map<String, MessageQueue> stickyQueues;
    private final AtomicInteger roundRobin;
    private final SerialExecutor asyncSends;
    private final int windowSize;
    private final Semaphore window;
    private final QueueAffinity affinity;
    /** Null when synchronous sends use the shared connection only. */
    private final CallerThreadSends callerThreadSends;
    /** Whether this producer made a synchronous send that could have used its caller-thread connection. */
    private volatile boolean sentSynchronously;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SendCoalescer.Writer writer = this::writePipelined;

    ProducerCore(ClientInstance instance, String group, QueueAffinity affinity) {
        this.instance = instance;
        this.group = group;
        this.stickyQueues = affinity.sticky;
        this.roundRobin = affinity.roundRobin;
        ClientConfig c = instance.config();
        this.faults = new LatencyFaultTolerance(c.getSlowSendThresholdMillis(), c.getFaultPenaltyMillis());
        this.asyncSends = new SerialExecutor(instance.workers());
        this.windowSize = c.getAsyncSendWindow();
        this.window = new Semaphore(windowSize);
        this.affinity = affinity;
        this.callerThreadSends = instance.newCallerThreadSends();
    }

    /** The producer group. */
    public String group() {
        return group;
    }

    /** The fault records this producer uses to avoid brokers. */
    public LatencyFaultTolerance faultTolerance() {
        return faults;
    }

    /** The queue this producer currently uses for {@code topic}, or null before its first send there. */
    public MessageQueue currentQueue(String topic) {
        return stickyQueues.get(topic);
    }

    /** Sends with the configured default timeout. */
    public SendResult send(OutgoingMessage msg) throws ClientException {
        return send(msg, instance.config().getSendMsgTimeoutMillis());
    }

    /**
     * Sends one message and waits for the broker's answer (for a message that waits for the store: until it is
     * durable).
     *
     * @param timeoutMillis total time for all attempts
     * @throws ClientException the broker's refusal (its code and remark), or {@link ClientException#TIMEOUT} /
     *                         {@link ClientException#BROKER_UNREACHABLE} when retries are used up
     */
    public SendResult send(OutgoingMessage msg, long timeoutMillis) throws ClientException {
        return sendToTopic(msg.getTopic(), List.of(msg), timeoutMillis, false);
    }

    /**
     * Sends several messages of one topic to one queue in one request; the broker stores them together.
     *
     * @throws IllegalArgumentException if the list is empty, too long or mixes topics
     */
    public SendResult sendBatch(List<OutgoingMessage> msgs) throws ClientException {
        return sendBatch(msgs, instance.config().getSendMsgTimeoutMillis());
    }

    /** {@link #sendBatch(List)} with an explicit timeout. */
    public SendResult sendBatch(List<OutgoingMessage> msgs, long timeoutMillis) throws ClientException {
        if (msgs.isEmpty() || msgs.size() > MessageBatchCodec.MAX_MESSAGES) {
            throw new IllegalArgumentException("a batch holds 1.." + MessageBatchCodec.MAX_MESSAGES + " messages, not "
                    + msgs.size());
        }
        String topic = msgs.get(0).getTopic();
        for (OutgoingMessage m : msgs) {
            if (!m.getTopic().equals(topic)) {
                throw new IllegalArgumentException("a batch must have one topic; found " + topic + " and "
                        + m.getTopic());
            }
        }
        return sendToTopic(topic, msgs, timeoutMillis, true);
    }

    /**
     * Sends in the background; the callback hears the outcome. Sends of this producer happen one at a time in call
     * order, so their order is kept.
     */
    public void sendAsync(OutgoingMessage msg, SendCallback callback) {
        ensureOpen();
        long timeout = instance.config().getSendMsgTimeoutMillis();
        asyncSends.execute(() -> {
            SendResult r;
            try {
                r = send(msg, timeout);
            } catch (ClientException | RuntimeException e) {
                safe(() -> callback.onException(e));
                return;
            }
            safe(() -> callback.onSuccess(r));
        });
    }

    /**
     * Sends in the background with several sends of this producer in flight (at most
     * {@link ClientConfig#getAsyncSendWindow()}; this call blocks while the window is full) and returns a future of
     * the outcome: for a message that waits for the store it completes once the message is durable.
     *
     * <p>Order: pipelined sends go to the producer's sticky queue of the topic over its one connection to that
     * broker, and the broker processes one connection's sends in arrival order, so they are stored in call order.
     * A send that has no sticky queue to use (the first to a topic, or after a failure) first waits until nothing
     * is in flight, then is sent like {@link #send(OutgoingMessage)}, with retries. A pipelined send that fails is
     * not retried (a retry would land after later sends); its future fails with the broker's code or
     * {@link ClientException#BROKER_UNREACHABLE} / {@link ClientException#TIMEOUT}, and the next send picks a queue
     * again.
     */
    public CompletableFuture<SendResult> sendPipelined(OutgoingMessage msg) {
        ensureOpen();
        long timeout = instance.config().getSendMsgTimeoutMillis();
        String topic = msg.getTopic();
        MessageQueue sticky = stickyQueues.get(topic);
        TopicRoute route = null;
        if (sticky != null && windowSize > 1) {
            try {
                route = instance.routes().routeOrProvisional(topic);
            } catch (ClientException e) {
                LOG.debug("no route for {} yet; sending with retries", topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new ClientException(ClientException.INTERRUPTED,
                        "interrupted while looking up the route of " + topic, e));
            }
        }
        if (route == null || route.isProvisional() || !route.writeQueues().contains(sticky)
                || !faults.isAvailable(sticky.brokerName())) {
            return sendAlone(msg, timeout);
        }
        try {
            if (!window.tryAcquire(timeout, TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new ClientException(ClientException.TIMEOUT, "sending to "
                        + topic + ": " + windowSize + " earlier sends were still in flight after " + timeout + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new ClientException(ClientException.INTERRUPTED,
                    "interrupted while waiting to send to " + topic, e));
        }
        affinity.pipelinedInFlight.incrementAndGet();
        String addr = route.masterAddr(sticky.brokerName());
        if (addr == null) {
            releaseSlot();
            return sendAlone(msg, timeout);
        }
        CompletableFuture<SendResult> f = new CompletableFuture<>();
        affinity.coalescer(instance).submit(writer, sticky, addr, new SendCoalescer.Pending(msg, f));
        return f;
    }

    /**
     * Writes pipelined sends to {@code mq} as one request (SEND_MESSAGE for one, a coalesced SEND_BATCH_MESSAGE for
     * several); called by the session's {@link SendCoalescer} with its lock held, so requests leave in call order.
     * Each send holds a window slot, given back when the request is answered or fails.
     */
    private void writePipelined(MessageQueue mq, String addr, List<SendCoalescer.Pending> sends) {
        SendCoalescer coalescer = affinity.coalescer(instance);
        String topic = mq.topic();
        long timeout = instance.config().getSendMsgTimeoutMillis();
        int n = sends.size();
        RemotingCommand req;
        if (n == 1) {
            req = buildRequest(mq, List.of(sends.get(0).msg()), false);
        } else {
            List<OutgoingMessage> msgs = new ArrayList<>(n);
            for (SendCoalescer.Pending p : sends) {
                msgs.add(p.msg());
            }
            req = buildRequest(mq, msgs, true);
            SendMessageRequestHeader.markCoalesced(req);
        }
        long start = System.nanoTime();
        try {
            // the response completes the futures on the I/O thread; what waits on them wakes from there (JMS
            // callbacks run on the session's executors)
            instance.remoting().invokeAsync(addr, req, timeout, (InlineInvokeCallback) rf -> {
                for (int i = 0; i < n; i++) {
                    releaseSlot();
                }
                coalescer.answered();
                if (!rf.isSuccess()) {
                    RemotingException cause = rf.getCause();
                    failAll(sends, failed(mq, addr, start, cause, cause instanceof RemotingTimeoutException));
                    return;
                }
                RemotingCommand resp = rf.getResponse();
                long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int code = resp.getCode();
                if (code == ResponseCode.SUCCESS) {
                    faults.update(mq.brokerName(), latency, false);
                    completeAll(sends, resp, mq);
                    return;
                }
                if (code == ResponseCode.SYSTEM_BUSY || code == BrokerResponseCode.SERVICE_NOT_AVAILABLE
                        || code == BrokerResponseCode.TOPIC_NOT_EXIST) {
                    faults.update(mq.brokerName(), latency, true);
                    stickyQueues.remove(topic, mq);
                    refreshRouteLater(topic);
                }
                failAll(sends, new ClientException(code, resp.getRemark() == null ? "broker " + mq.brokerName()
                        + " refused the message with code " + code : resp.getRemark()));
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notWritten(sends, coalescer, new ClientException(ClientException.INTERRUPTED,
                    "interrupted while sending to " + topic, e));
        } catch (RemotingException e) {
            notWritten(sends, coalescer, failed(mq, addr, start, e, e instanceof RemotingTimeoutException));
        } catch (RuntimeException e) {
            notWritten(sends, coalescer, new ClientException(ClientException.BROKER_UNREACHABLE, "sending to "
                    + topic + " failed: " + e, e));
        }
    }

    private void notWritten(List<SendCoalescer.Pending> sends, SendCoalescer coalescer, ClientException cause) {
        for (int i = 0; i < sends.size(); i++) {
            releaseSlot();
        }
        coalescer.answered();
        failAll(sends, cause);
    }

    private static void failAll(List<SendCoalescer.Pending> sends, ClientException cause) {
        for (SendCoalescer.Pending p : sends) {
            p.result().completeExceptionally(cause);
        }
    }

    /**
     * Completes the futures of an answered request: each message gets its own id; a message the broker refused in a
     * coalesced request (e.g. above maxMessageSize) fails alone with the broker's code and remark.
     */
    private static void completeAll(List<SendCoalescer.Pending> sends, RemotingCommand resp, MessageQueue mq) {
        SendResult all;
        try {
            all = toResult(resp, mq);
        } catch (ClientException e) {
            failAll(sends, e);
            return;
        }
        if (sends.size() == 1) {
            sends.get(0).result().complete(all);
            return;
        }
        java.util.Map<String, String> ext = resp.getExtFields();
        for (int i = 0; i < sends.size(); i++) {
            SendCoalescer.Pending p = sends.get(i);
            SendMessageResponseHeader.Refusal refused = SendMessageResponseHeader.refusal(ext, i);
            if (refused != null) {
                p.result().completeExceptionally(new ClientException(refused.code(), refused.remark()));
            } else if (i < all.msgIds().size()) {
                p.result().complete(new SendResult(List.of(all.msgIds().get(i)), all.queue(), all.queueOffset(),
                        all.commitLogOffset()));
            } else {
                p.result().completeExceptionally(new ClientException(ClientException.BAD_RESPONSE, "the broker"
                        + " answered " + all.msgIds().size() + " message ids for " + sends.size() + " messages"));
            }
        }
    }

    /** Waits until nothing of this producer is in flight, then sends with retries (this sets the sticky queue). */
    private CompletableFuture<SendResult> sendAlone(OutgoingMessage msg, long timeout) {
        try {
            if (!window.tryAcquire(windowSize, timeout, TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new ClientException(ClientException.TIMEOUT, "sending to "
                        + msg.getTopic() + ": earlier sends were still in flight after " + timeout + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new ClientException(ClientException.INTERRUPTED,
                    "interrupted while waiting to send to " + msg.getTopic(), e));
        }
        try {
            return CompletableFuture.completedFuture(send(msg, timeout));
        } catch (ClientException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            window.release(windowSize);
        }
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("send callback threw", e);
        }
    }

    /**
     * Sends without waiting for any answer (no retries, no durability confirmation).
     *
     * @throws ClientException if the request could not be handed to the network
     */
    public void sendOneway(OutgoingMessage msg) throws ClientException {
        ensureOpen();
        affinity.flushCoalesced();
        try {
            TopicRoute route = instance.routes().routeOrProvisional(msg.getTopic());
            MessageQueue mq = selectQueue(route, null);
            String addr = route.masterAddr(mq.brokerName());
            RemotingCommand req = buildRequest(mq, List.of(msg), false);
            instance.remoting().invokeOneway(addr, req.markOneway(), instance.config().getSendMsgTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while sending", e);
        } catch (RemotingException e) {
            throw new ClientException(ClientException.BROKER_UNREACHABLE, "oneway send failed: " + e.getMessage(), e);
        }
    }

    private SendResult sendToTopic(String topic, List<OutgoingMessage> msgs, long timeoutMillis, boolean batch)
            throws ClientException {
        ensureOpen();
        affinity.flushCoalesced(); // what waits to be coalesced was sent before this
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int attempts = 1 + instance.config().getRetryTimesWhenSendFailed();
        String failedBroker = null;
        ClientException last = null;
        try {
            for (int attempt = 0; attempt < attempts; attempt++) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                TopicRoute route = instance.routes().routeOrProvisional(topic);
                MessageQueue mq = selectQueue(route, failedBroker);
                String addr = route.masterAddr(mq.brokerName());
                RemotingCommand req = buildRequest(mq, msgs, batch);
                long start = System.nanoTime();
                RemotingCommand resp;
                try {
                    resp = onCallerThread(batch) ? callerThreadSends.invoke(addr, req, left) : null;
                    if (resp == null) {
                        resp = instance.remoting().invokeSync(addr, req,
                                Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    }
                } catch (RemotingTimeoutException | RemotingConnectException e) {
                    last = failed(mq, addr, start, e, e instanceof RemotingTimeoutException);
                    failedBroker = mq.brokerName();
                    continue;
                } catch (RemotingException e) {
                    RemotingCommandException unencodable = encodingFailure(e);
                    if (unencodable != null) {
                        // nothing left this client: another attempt fails the same way, and the broker is not at fault
                        throw new ClientException(BrokerResponseCode.MESSAGE_ILLEGAL, "the message to " + topic
                                + " was not sent: " + unencodable.getMessage(), e);
                    }
                    last = failed(mq, addr, start, e, false);
                    failedBroker = mq.brokerName();
                    continue;
                }
                long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int code = resp.getCode();
                if (code == ResponseCode.SUCCESS) {
                    faults.update(mq.brokerName(), latency, false);
                    stickyQueues.put(topic, mq);
                    if (route.isProvisional()) {
                        refreshRouteLater(topic);
                    }
                    return toResult(resp, mq);
                }
                if (code == ResponseCode.SYSTEM_BUSY || code == BrokerResponseCode.SERVICE_NOT_AVAILABLE
                        || code == BrokerResponseCode.TOPIC_NOT_EXIST) {
                    faults.update(mq.brokerName(), latency, true);
                    last = new ClientException(code, resp.getRemark() == null ? "broker " + mq.brokerName()
                            + " refused the send" : resp.getRemark());
                    failedBroker = mq.brokerName();
                    stickyQueues.remove(topic, mq);
                    refreshRouteLater(topic);
                    continue;
                }
                throw new ClientException(code, resp.getRemark() == null ? "broker " + mq.brokerName()
                        + " refused the message with code " + code : resp.getRemark());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while sending to " + topic, e);
        }
        if (last == null) {
            throw new ClientException(ClientException.TIMEOUT, "sending to topic " + topic + " did not complete within "
                    + timeoutMillis + " ms");
        }
        if (last.getCode() == ClientException.TIMEOUT || last.getCode() == ClientException.BROKER_UNREACHABLE) {
            throw new ClientException(last.getCode(), "sending to topic " + topic + " failed after " + attempts
                    + " attempt(s) within " + timeoutMillis + " ms: " + last.getRemark(), last.getCause());
        }
        throw last;
    }

    /**
     * Whether this synchronous send goes over the producer's caller-thread connection: from the producer's second
     * synchronous send on (a producer created for one send does not open a connection for it), single messages only,
     * and only while no pipelined send of the session is unanswered (the shared connection keeps those in order, and
     * this send must not overtake them).
     */
    private boolean onCallerThread(boolean batch) {
        if (callerThreadSends == null || batch || affinity.pipelinedInFlight.get() != 0) {
            return false;
        }
        if (sentSynchronously) {
            return true;
        }
        sentSynchronously = true;
        return false;
    }

    /** Open caller-thread connections of this producer (tests). */
    int callerThreadConnections() {
        return callerThreadSends == null ? 0 : callerThreadSends.openConnections();
    }

    /** Gives back a pipelined send's window slot. */
    private void releaseSlot() {
        affinity.pipelinedInFlight.decrementAndGet();
        window.release();
    }

    /** The codec's refusal (e.g. a frame above the size limit) behind a failed send, or null for a transport failure. */
    private static RemotingCommandException encodingFailure(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RemotingCommandException rce) {
                return rce;
            }
        }
        return null;
    }

    private ClientException failed(MessageQueue mq, String addr, long startNanos, RemotingException e, boolean timeout) {
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        faults.update(mq.brokerName(), latency, true);
        stickyQueues.remove(mq.topic(), mq);
        refreshRouteLater(mq.topic());
        LOG.debug("send to {} at {} failed", mq, addr, e);
        return new ClientException(timeout ? ClientException.TIMEOUT : ClientException.BROKER_UNREACHABLE,
                "send to " + mq + " at " + addr + " failed: " + e.getMessage(), e);
    }

    private void refreshRouteLater(String topic) {
        try {
            instance.workers().execute(() -> {
                try {
                    instance.routes().refresh(topic);
                } catch (ClientException e) {
                    LOG.debug("route refresh of {} after a send failure failed", topic, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.debug("interrupted; giving up", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("not refreshing the route of {}: the client is closing", topic, e);
        }
    }

    /**
     * Chooses the queue for the next attempt: the sticky queue while it is still writable and its broker is not
     * penalised (and did not just fail), else the next queue round-robin on an available broker, else any queue
     * on the least-penalised broker other than the one that just failed.
     */
    MessageQueue selectQueue(TopicRoute route, String failedBroker) throws ClientException {
        List<MessageQueue> queues = route.writeQueues();
        if (queues.isEmpty()) {
            throw new ClientException(ClientException.NO_ROUTE, "topic " + route.topic() + " has no writable queue");
        }
        MessageQueue sticky = stickyQueues.get(route.topic());
        if (sticky != null && queues.contains(sticky) && !sticky.brokerName().equals(failedBroker)
                && faults.isAvailable(sticky.brokerName())) {
            return sticky;
        }
        int n = queues.size();
        for (int i = 0; i < n; i++) {
            MessageQueue q = queues.get(Math.floorMod(roundRobin.getAndIncrement(), n));
            if (!q.brokerName().equals(failedBroker) && faults.isAvailable(q.brokerName())) {
                return q;
            }
        }
        Set<String> brokers = new LinkedHashSet<>();
        for (MessageQueue q : queues) {
            if (!q.brokerName().equals(failedBroker)) {
                brokers.add(q.brokerName());
            }
        }
        if (brokers.isEmpty()) {
            brokers.add(failedBroker);
        }
        String best = faults.leastBad(brokers);
        List<MessageQueue> onBest = new ArrayList<>();
        for (MessageQueue q : queues) {
            if (q.brokerName().equals(best)) {
                onBest.add(q);
            }
        }
        return onBest.get(Math.floorMod(roundRobin.getAndIncrement(), onBest.size()));
    }

    private RemotingCommand buildRequest(MessageQueue mq, List<OutgoingMessage> msgs, boolean batch) {
        long now = System.currentTimeMillis();
        if (!batch) {
            OutgoingMessage m = msgs.get(0);
            RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.SEND_MESSAGE,
                    new SendMessageRequestHeader(group, mq.topic(), mq.queueId(), m.getFlags(),
                            m.getBornTimestamp() > 0 ? m.getBornTimestamp() : now,
                            PropertiesCodec.encode(m.getProperties()), m.isWaitStoreMsgOK()));
            req.setBody(m.getBody());
            return req;
        }
        List<MessageBatchCodec.Entry> entries = new ArrayList<>(msgs.size());
        boolean wait = false;
        for (OutgoingMessage m : msgs) {
            entries.add(new MessageBatchCodec.Entry(m.getFlags(), m.getBornTimestamp() > 0 ? m.getBornTimestamp() : now,
                    m.getProperties(), m.getBody()));
            wait |= m.isWaitStoreMsgOK();
        }
        RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.SEND_BATCH_MESSAGE,
                new SendMessageRequestHeader(group, mq.topic(), mq.queueId(), 0, now, null, wait));
        req.setBody(MessageBatchCodec.encode(entries));
        return req;
    }

    private static SendResult toResult(RemotingCommand resp, MessageQueue mq) throws ClientException {
        try {
            SendMessageResponseHeader h = resp.decodeHeader(SendMessageResponseHeader::decode);
            MessageQueue actual = h.queueId() == mq.queueId() ? mq
                    : new MessageQueue(mq.brokerName(), mq.topic(), h.queueId());
            return new SendResult(Arrays.asList(h.msgId().split(",")), actual, h.queueOffset(), h.commitLogOffset());
        } catch (RemotingCommandException e) {
            throw new ClientException(ClientException.BAD_RESPONSE, "malformed send response: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the producer is closed");
        }
        instance.ensureOpen();
    }

    /** Closes the producer; sends already started finish. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (callerThreadSends != null) {
                callerThreadSends.close();
            }
            instance.removed(this);
        }
    }
}
