package org.rocketjms.jms.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Hot-path measurement driver (a program, not a test): drives a broker running in ANOTHER JVM (e.g.
 * {@code bin/rocketjms standalone}) through the JMS API with 1 KiB BytesMessages on a queue, AUTO_ACKNOWLEDGE, and
 * prints one line per round plus the median.
 *
 * <pre>
 * s1: 1 producer, persistent, synchronous send             -> sends/s, and the fdatasync rate of --disk-dir
 * s2: N producers + N consumers, persistent               -> received/s, backlog growth
 * s3: same, non-persistent                                -> received/s, backlog growth
 * s4: 1 producer at --rate msg/s + 1 consumer, persistent -> end-to-end latency p50/p99
 * xa: N producers, each in XA branches of --batch persistent sends (start, sends, end, prepare, two-phase commit)
 *                                                          -> committed messages/s
 * </pre>
 *
 * Options: {@code --url rocketjms://127.0.0.1:9876 --scenario s1 --rounds 3 --warmup 3 --seconds 8 --size 1024
 * --producers 4 --consumers 4 --rate 1000 --window 0 --ack auto --batch 10 --disk-dir DIR}. {@code --window N}
 * (N > 0) makes producers send asynchronously with a CompletionListener and at most N sends in flight each;
 * {@code --ack dups} makes the s2/s3 consumers use DUPS_OK_ACKNOWLEDGE; {@code --batch} is the xa branch size.
 */
public final class HotPathBenchmark {

    private String url = "rocketjms://127.0.0.1:9876";
    private String scenario = "s1";
    private int rounds = 3;
    private int warmup = 3;
    private int seconds = 8;
    private int size = 1024;
    private int producers = 4;
    private int consumers = 4;
    private int rate = 1000;
    private int window;
    private int batch = 10;
    private int ackMode = Session.AUTO_ACKNOWLEDGE;
    private Path diskDir;

    public static void main(String[] args) throws Exception {
        HotPathBenchmark b = new HotPathBenchmark();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> b.url = v;
                case "--scenario" -> b.scenario = v;
                case "--rounds" -> b.rounds = Integer.parseInt(v);
                case "--warmup" -> b.warmup = Integer.parseInt(v);
                case "--seconds" -> b.seconds = Integer.parseInt(v);
                case "--size" -> b.size = Integer.parseInt(v);
                case "--producers" -> b.producers = Integer.parseInt(v);
                case "--consumers" -> b.consumers = Integer.parseInt(v);
                case "--rate" -> b.rate = Integer.parseInt(v);
                case "--window" -> b.window = Integer.parseInt(v);
                case "--batch" -> b.batch = Integer.parseInt(v);
                case "--ack" -> b.ackMode = switch (v) {
                    case "auto" -> Session.AUTO_ACKNOWLEDGE;
                    case "dups" -> Session.DUPS_OK_ACKNOWLEDGE;
                    default -> throw new IllegalArgumentException("--ack takes auto or dups, not " + v);
                };
                case "--disk-dir" -> b.diskDir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        b.run();
        System.exit(0);
    }

    private void run() throws Exception {
        double[] results = new double[rounds];
        double[] extra = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            String line;
            switch (scenario) {
                case "s1" -> {
                    results[r] = throughput(1, 0, true);
                    extra[r] = diskDir == null ? 0 : fdatasyncRate(diskDir, 3);
                    line = String.format(Locale.ROOT, "s1 round %d: %.0f sends/s, fdatasync %.0f/s, ratio %.2f", r,
                            results[r], extra[r], extra[r] == 0 ? 0 : results[r] / extra[r]);
                }
                case "s2", "s3" -> {
                    long[] backlog = new long[1];
                    results[r] = throughput(producers, consumers, scenario.equals("s2"), backlog);
                    extra[r] = backlog[0];
                    line = String.format(Locale.ROOT, "%s round %d: %.0f received/s, backlog growth %d", scenario, r,
                            results[r], backlog[0]);
                }
                case "s4" -> {
                    double[] lat = latency();
                    results[r] = lat[1];
                    extra[r] = lat[0];
                    line = String.format(Locale.ROOT, "s4 round %d: p50 %.0f us, p99 %.0f us, max %.0f us", r,
                            lat[0], lat[1], lat[2]);
                }
                case "xa" -> {
                    results[r] = xaThroughput();
                    line = String.format(Locale.ROOT,
                            "xa round %d: %.0f committed msg/s (%d producers, branches of %d)", r, results[r], producers,
                            batch);
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "%s median: %.0f (extra median %.0f)%n", scenario, median(results),
                median(extra));
    }

    /** XA branches of {@code batch} sends, two-phase committed, by {@code producers} threads: committed msg/s. */
    private double xaThroughput() throws Exception {
        org.rocketjms.jms.RocketXAConnectionFactory f = new org.rocketjms.jms.RocketXAConnectionFactory(url);
        java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger branchIds = new java.util.concurrent.atomic.AtomicInteger();
        long runId = System.nanoTime();
        byte[] payload = new byte[size];
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<jakarta.jms.XAConnection> connections = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            jakarta.jms.XAConnection c = f.createXAConnection();
            connections.add(c);
            jakarta.jms.XASession s = c.createXASession();
            javax.transaction.xa.XAResource xa = s.getXAResource();
            MessageProducer p = s.createProducer(s.createQueue("hotpath-xa"));
            Thread th = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        byte[] gtrid = (runId + "-" + branchIds.incrementAndGet()).getBytes(
                                java.nio.charset.StandardCharsets.US_ASCII);
                        javax.transaction.xa.Xid xid = new javax.transaction.xa.Xid() {
                            @Override
                            public int getFormatId() {
                                return 4711;
                            }

                            @Override
                            public byte[] getGlobalTransactionId() {
                                return gtrid;
                            }

                            @Override
                            public byte[] getBranchQualifier() {
                                return new byte[] {1};
                            }
                        };
                        xa.start(xid, javax.transaction.xa.XAResource.TMNOFLAGS);
                        for (int i = 0; i < batch; i++) {
                            BytesMessage m = s.createBytesMessage();
                            m.writeBytes(payload);
                            p.send(m);
                        }
                        xa.end(xid, javax.transaction.xa.XAResource.TMSUCCESS);
                        xa.prepare(xid);
                        xa.commit(xid, false);
                        committed.addAndGet(batch);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "xa-producer-" + t);
            threads.add(th);
        }
        threads.forEach(Thread::start);
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long atMeasureStart = committed.get();
        long t0 = System.nanoTime();
        for (Thread th : threads) {
            th.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        for (jakarta.jms.XAConnection c : connections) {
            c.close();
        }
        return (committed.get() - atMeasureStart) / secs;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private double throughput(int nProducers, int nConsumers, boolean persistent) throws Exception {
        return throughput(nProducers, nConsumers, persistent, new long[1]);
    }

    /** Runs producers (and consumers) for warm-up + measured seconds; returns sends/s (no consumers) or receives/s. */
    private double throughput(int nProducers, int nConsumers, boolean persistent, long[] backlogGrowth)
            throws Exception {
        RocketConnectionFactory cf = new RocketConnectionFactory(url);
        String queueName = "hot-" + UUID.randomUUID().toString().substring(0, 8);
        LongAdder sent = new LongAdder();
        LongAdder received = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        byte[] payload = new byte[size];
        for (int i = 0; i < nConsumers; i++) {
            Connection c = cf.createConnection();
            connections.add(c);
            Session s = c.createSession(false, ackMode);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queueName));
            c.start();
            threads.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (consumer.receive(200) != null) {
                            received.increment();
                        }
                    }
                } catch (JMSException e) {
                    if (!stop.get()) {
                        errors.incrementAndGet();
                        e.printStackTrace();
                    }
                }
            }, "consumer-" + i));
        }
        for (int i = 0; i < nProducers; i++) {
            Connection c = cf.createConnection();
            connections.add(c);
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(queueName);
            MessageProducer p = s.createProducer(q);
            p.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            threads.add(new Thread(() -> produce(s, p, payload, stop, sent, errors, -1), "producer-" + i));
        }
        threads.forEach(Thread::start);
        TimeUnit.SECONDS.sleep(warmup);
        long s0 = sent.sum();
        long r0 = received.sum();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        long s1 = sent.sum();
        long r1 = received.sum();
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (Connection c : connections) {
            c.close();
        }
        if (errors.get() > 0) {
            System.out.println("errors: " + errors.get());
        }
        double secs = (t1 - t0) / 1e9;
        backlogGrowth[0] = (s1 - r1) - (s0 - r0);
        return nConsumers == 0 ? (s1 - s0) / secs : (r1 - r0) / secs;
    }

    private void produce(Session s, MessageProducer p, byte[] payload, AtomicBoolean stop, LongAdder sent,
                         AtomicLong errors, long unused) {
        try {
            if (window > 0) {
                java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(window);
                CompletionListener l = new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        sent.increment();
                        inFlight.release();
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        errors.incrementAndGet();
                        inFlight.release();
                    }
                };
                while (!stop.get()) {
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    BytesMessage m = s.createBytesMessage();
                    m.writeBytes(payload);
                    p.send(m, l);
                }
                inFlight.tryAcquire(window, 10, TimeUnit.SECONDS);
                return;
            }
            while (!stop.get()) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(payload);
                p.send(m);
                sent.increment();
            }
        } catch (JMSException | InterruptedException e) {
            if (!stop.get()) {
                errors.incrementAndGet();
                e.printStackTrace();
            }
        }
    }

    /** S4: paced producer, one consumer; returns {p50, p99, max} in microseconds of send start to receive. */
    private double[] latency() throws Exception {
        RocketConnectionFactory cf = new RocketConnectionFactory(url);
        String queueName = "lat-" + UUID.randomUUID().toString().substring(0, 8);
        Connection pc = cf.createConnection();
        Connection cc = cf.createConnection();
        try {
            Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session cs = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = ps.createProducer(ps.createQueue(queueName));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            MessageConsumer consumer = cs.createConsumer(cs.createQueue(queueName));
            cc.start();
            int total = rate * (warmup + seconds);
            int skip = rate * warmup;
            long[] lat = new long[total];
            AtomicLong count = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            Thread ct = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        BytesMessage m = (BytesMessage) consumer.receive(10_000);
                        if (m == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        int idx = m.getIntProperty("i");
                        lat[idx] = now - m.getLongProperty("t");
                        count.incrementAndGet();
                    }
                } catch (JMSException e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
            ct.start();
            byte[] payload = new byte[size];
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                while (System.nanoTime() < next) {
                    long d = next - System.nanoTime();
                    if (d > 100_000) {
                        TimeUnit.NANOSECONDS.sleep(d - 50_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                next += interval;
                BytesMessage m = ps.createBytesMessage();
                m.writeBytes(payload);
                m.setIntProperty("i", i);
                m.setLongProperty("t", System.nanoTime());
                p.send(m);
            }
            done.await(30, TimeUnit.SECONDS);
            long[] measured = Arrays.copyOfRange(lat, skip, total);
            Arrays.sort(measured);
            int n = measured.length;
            return new double[]{measured[n / 2] / 1e3, measured[(int) (n * 0.99)] / 1e3, measured[n - 1] / 1e3};
        } finally {
            pc.close();
            cc.close();
        }
    }

    /** 1 KiB write + fdatasync in a loop for {@code secs} seconds, in {@code dir}; returns syncs per second. */
    static double fdatasyncRate(Path dir, int secs) throws IOException {
        Path f = Files.createTempFile(dir, "fsync", ".bin");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
            ByteBuffer b = ByteBuffer.allocateDirect(1024);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
            long n = 0;
            long pos = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() < end) {
                b.clear();
                ch.write(b, pos);
                pos += 1024;
                ch.force(false);
                n++;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
