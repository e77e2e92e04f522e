package org.rocketjms.examples.perf;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.HdrHistogram.Histogram;

/**
 * One run of the perf tool: consumers start first (each on its own connection and session), then producers
 * (likewise); a progress line is printed every second; the measured phase records the send-call latency of every
 * send and the end-to-end latency of every received message that carries {@link PerfOptions#TIMESTAMP_PROPERTY}
 * (epoch microseconds of the send call, so producer and consumer must share the host clock).
 *
 * <p>Timed mode: warm-up, then the measured window; counts are deltas over the window. Count mode
 * ({@code --count}): the whole run is measured until every message was sent and received (or nothing moved for the
 * idle timeout, which makes the run incomplete).
 */
public final class PerfRun {
    /** Highest latency the histograms hold, in microseconds (larger values are clamped). */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    private enum Phase { WARMUP, MEASURE, DONE }

    private final PerfOptions options;
    private final ConnectionFactory factory;
    private final Destination destination;
    private final PrintStream out;

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong sendBudget = new AtomicLong(Long.MAX_VALUE);
    private volatile Phase phase = Phase.WARMUP;
    private volatile boolean stopProducers;
    private volatile boolean stopConsumers;
    private final List<Histogram> sendHistograms = new ArrayList<>();
    private final List<Histogram> e2eHistograms = new ArrayList<>();
    private long receiveTarget = Long.MAX_VALUE;

    /**
     * @param factory     the provider's factory (from a URL or JNDI)
     * @param destination where to send and receive
     * @param out         where progress lines go
     */
    public PerfRun(PerfOptions options, ConnectionFactory factory, Destination destination, PrintStream out) {
        this.options = options;
        this.factory = factory;
        this.destination = destination;
        this.out = out;
    }

    private boolean isTopic() {
        return destination instanceof Topic && !(destination instanceof Queue);
    }

    /** Expected receipts per sent message: every topic subscriber gets each message, a queue hands it out once. */
    private int fanOut() {
        return isTopic() ? Math.max(1, options.consumers()) : 1;
    }

    /**
     * Runs the scenario.
     *
     * @throws Exception the first failure of any producer or consumer, or of setting them up
     */
    public PerfResult run() throws Exception {
        boolean countMode = options.count() > 0;
        if (countMode) {
            sendBudget.set(options.producers() > 0 ? options.count() : 0);
            receiveTarget = options.count() * fanOut();
        }
        List<Thread> consumerThreads = new ArrayList<>();
        List<Thread> producerThreads = new ArrayList<>();
        CountDownLatch consumersReady = new CountDownLatch(options.consumers());
        for (int i = 0; i < options.consumers(); i++) {
            Histogram h = histogram();
            e2eHistograms.add(h);
            consumerThreads.add(start("perf-consumer-" + i, () -> consume(h, consumersReady)));
        }
        while (!consumersReady.await(100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                break;
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < options.producers(); i++) {
            Histogram h = histogram();
            sendHistograms.add(h);
            producerThreads.add(start("perf-producer-" + i, () -> produce(h)));
        }
        if (countMode) {
            phase = Phase.MEASURE;
        }
        long measureStart = countMode ? start : -1;
        long sentAtStart = 0;
        long receivedAtStart = 0;
        long backlogAtStart = 0;
        long producersDoneAt = -1;
        long lastProgressAt = start;
        long lastTotal = -1;
        long lastSent = 0;
        long lastReceived = 0;
        long tick = start;
        int second = 0;
        boolean incomplete = false;
        while (failure.get() == null) {
            tick += TimeUnit.SECONDS.toNanos(1);
            long now = sleepUntil(tick, producerThreads, consumerThreads, countMode);
            second++;
            long s = sent.sum();
            long r = received.sum();
            double elapsed = (now - (tick - TimeUnit.SECONDS.toNanos(1))) / 1e9;
            long sendRate = Math.round((s - lastSent) / Math.max(elapsed, 1e-3));
            long receiveRate = Math.round((r - lastReceived) / Math.max(elapsed, 1e-3));
            lastSent = s;
            lastReceived = r;
            long backlog = s * fanOut() - r;
            String label = phase == Phase.WARMUP ? " (warm-up)" : "";
            out.printf("[%4ds] sent %,9d/s  received %,9d/s  backlog %,10d%s%n", second, sendRate, receiveRate,
                    backlog, label);
            if (countMode) {
                if (producersDoneAt < 0 && allDone(producerThreads)) {
                    producersDoneAt = System.nanoTime();
                }
                if (allDone(producerThreads) && allDone(consumerThreads)) {
                    break;
                }
                if (s + r != lastTotal) {
                    lastTotal = s + r;
                    lastProgressAt = now;
                } else if (now - lastProgressAt > TimeUnit.SECONDS.toNanos(options.idleTimeoutSeconds())) {
                    out.printf("no progress for %d s: giving up%n", options.idleTimeoutSeconds());
                    incomplete = true;
                    break;
                }
            } else if (phase == Phase.WARMUP && second >= options.warmupSeconds()) {
                sentAtStart = sent.sum();
                receivedAtStart = received.sum();
                backlogAtStart = sentAtStart * fanOut() - receivedAtStart;
                measureStart = System.nanoTime();
                phase = Phase.MEASURE;
            } else if (phase == Phase.MEASURE && second >= options.warmupSeconds() + options.durationSeconds()) {
                break;
            }
        }
        phase = Phase.DONE;
        long measureEnd = System.nanoTime();
        long sentInWindow = sent.sum() - sentAtStart;
        long receivedInWindow = received.sum() - receivedAtStart;
        long backlogAtEnd = sent.sum() * fanOut() - received.sum();
        stopProducers = true;
        joinAll(producerThreads);
        stopConsumers = true;
        joinAll(consumerThreads);
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        } else if (t != null) {
            throw new IllegalStateException(t);
        }
        double windowSeconds;
        double sendSeconds;
        if (countMode) {
            windowSeconds = (measureEnd - measureStart) / 1e9;
            sendSeconds = ((producersDoneAt > 0 ? producersDoneAt : measureEnd) - measureStart) / 1e9;
        } else {
            windowSeconds = (measureEnd - measureStart) / 1e9;
            sendSeconds = windowSeconds;
        }
        Histogram send = merge(sendHistograms);
        Histogram e2e = merge(e2eHistograms);
        return new PerfResult(options, isTopic(), sentInWindow, receivedInWindow, sendSeconds, windowSeconds,
                backlogAtStart, backlogAtEnd, send, e2e, incomplete || (countMode && (sent.sum() < sendTarget()
                || received.sum() < (options.consumers() > 0 ? receiveTarget : 0))));
    }

    private long sendTarget() {
        return options.producers() > 0 ? options.count() : 0;
    }

    /** Sleeps to {@code deadline}, returning early in count mode once every worker finished. */
    private long sleepUntil(long deadline, List<Thread> producers, List<Thread> consumers, boolean countMode) {
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline || failure.get() != null) {
                return now;
            }
            if (countMode && allDone(producers) && allDone(consumers)) {
                return now;
            }
            LockSupport.parkNanos(Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(20)));
        }
    }

    private static boolean allDone(List<Thread> threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            if (t.isAlive()) {
                failure.compareAndSet(null, new IllegalStateException(t.getName() + " did not stop within 60 s"));
            }
        }
    }

    private Thread start(String name, Worker body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                stopProducers = true;
                stopConsumers = true;
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Connection connect() throws JMSException {
        Connection c = options.user() == null ? factory.createConnection()
                : factory.createConnection(options.user(), options.password());
        c.setExceptionListener(e -> failure.compareAndSet(null, e));
        return c;
    }

    private Session session(Connection c) throws JMSException {
        return options.txBatch() > 0 ? c.createSession(true, Session.SESSION_TRANSACTED)
                : c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private void produce(Histogram sendLatency) throws JMSException {
        byte[] payload = new byte[options.messageSize()];
        Arrays.fill(payload, (byte) 'p');
        int batch = options.txBatch();
        double perProducerRate = options.rate() > 0 ? (double) options.rate() / options.producers() : 0;
        long interval = perProducerRate > 0 ? (long) (1e9 / perProducerRate) : 0;
        try (Connection c = connect()) {
            Session session = session(c);
            MessageProducer producer = session.createProducer(destination);
            producer.setDeliveryMode(options.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            long next = System.nanoTime();
            int inBatch = 0;
            while (!stopProducers && sendBudget.getAndDecrement() > 0) {
                if (interval > 0) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                    } else if (now - next > TimeUnit.SECONDS.toNanos(1)) {
                        next = now; // more than a second behind: do not burst to catch up
                    }
                    next += interval;
                }
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(payload);
                m.setLongProperty(PerfOptions.TIMESTAMP_PROPERTY, epochMicros());
                boolean measuring = phase == Phase.MEASURE;
                long t0 = System.nanoTime();
                producer.send(m);
                long micros = (System.nanoTime() - t0) / 1000;
                if (measuring) {
                    sendLatency.recordValue(Math.min(micros, HIGHEST_MICROS));
                }
                if (batch > 0) {
                    if (++inBatch == batch) {
                        session.commit();
                        sent.add(inBatch);
                        inBatch = 0;
                    }
                } else {
                    sent.increment();
                }
            }
            if (inBatch > 0) {
                session.commit();
                sent.add(inBatch);
            }
        }
    }

    private void consume(Histogram e2eLatency, CountDownLatch ready) throws JMSException {
        int batch = options.txBatch();
        boolean counted = false;
        try (Connection c = connect()) {
            Session session = session(c);
            MessageConsumer consumer = session.createConsumer(destination);
            c.start();
            ready.countDown();
            counted = true;
            int inBatch = 0;
            while (!stopConsumers && received.sum() < receiveTarget) {
                Message m = consumer.receive(100);
                if (m == null) {
                    if (inBatch > 0) {
                        session.commit();
                        received.add(inBatch);
                        inBatch = 0;
                    }
                    continue;
                }
                long now = epochMicros();
                if (phase == Phase.MEASURE && m.propertyExists(PerfOptions.TIMESTAMP_PROPERTY)) {
                    long micros = now - m.getLongProperty(PerfOptions.TIMESTAMP_PROPERTY);
                    e2eLatency.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
                }
                if (batch > 0) {
                    if (++inBatch == batch) {
                        session.commit();
                        received.add(inBatch);
                        inBatch = 0;
                    }
                } else {
                    received.increment();
                }
            }
            if (inBatch > 0) {
                session.commit();
                received.add(inBatch);
            }
        } finally {
            if (!counted) {
                ready.countDown(); // a consumer that failed to start must not hold the producers back
            }
        }
    }

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    private static Histogram merge(List<Histogram> parts) {
        Histogram all = histogram();
        for (Histogram h : parts) {
            all.add(h);
        }
        return all;
    }

    /** Wall-clock time in microseconds since the epoch (shared by every JVM on the host). */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @FunctionalInterface
    private interface Worker {
        void run() throws Exception;
    }
}
