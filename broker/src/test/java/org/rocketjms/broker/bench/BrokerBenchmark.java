package org.rocketjms.broker.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.PullMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.rocketjms.store.config.FlushDiskType;

/**
 * Broker micro-benchmark (a program, not a test): synchronous-send throughput with several producers, SYNC_FLUSH
 * against ASYNC_FLUSH, and the long-polling wake-up latency (send start to delivery of a held pull). Every mode of
 * every round runs on a fresh {@link EmbeddedBroker} in its own temporary directory; the order of the modes
 * alternates between rounds and the summary reports medians over the rounds.
 *
 * <pre>
 * mvn -q -B -pl broker -am install -DskipTests
 * mvn -q -B -pl broker exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.rocketjms.broker.bench.BrokerBenchmark -Dexec.args="--seconds 10"
 * </pre>
 *
 * Options: {@code --seconds N} measured seconds per throughput run (10), {@code --warmup N} seconds before each
 * (2), {@code --rounds N} (3), {@code --producers N} (4), {@code --size BYTES} message body size (1024),
 * {@code --samples N} latency samples per run (500).
 */
public final class BrokerBenchmark {
    private static final PrintStream OUT = System.out;
    private static final String TOPIC = "bench";
    private static final String LATENCY_TOPIC = "bench-latency";

    private int seconds = 10;
    private int warmupSeconds = 2;
    private int rounds = 3;
    private int producers = 4;
    private int size = 1024;
    private int samples = 500;

    private BrokerBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        BrokerBenchmark b = new BrokerBenchmark();
        b.parse(args);
        b.run(args);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            int v = Integer.parseInt(args[++i]);
            switch (a) {
                case "--seconds" -> seconds = v;
                case "--warmup" -> warmupSeconds = v;
                case "--rounds" -> rounds = v;
                case "--producers" -> producers = v;
                case "--size" -> size = v;
                case "--samples" -> samples = v;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (known: --seconds --warmup --rounds --producers --size --samples)");
            }
            if (v < (a.equals("--warmup") ? 0 : 1)) {
                throw new IllegalArgumentException(a + " must be positive");
            }
        }
    }

    private void run(String[] args) throws Exception {
        OUT.printf(Locale.ROOT, "RocketJMS broker benchmark: %d rounds x {SYNC_FLUSH, ASYNC_FLUSH}; throughput: %d "
                        + "producers, sync sends of %d-byte bodies, %d s measured after %d s warm-up; wake-up "
                        + "latency: %d samples%n", rounds, producers, size, seconds, warmupSeconds, samples);
        OUT.printf(Locale.ROOT, "command: mvn -q -B -pl broker exec:java -Dexec.classpathScope=test "
                + "-Dexec.mainClass=%s -Dexec.args=\"%s\"%n", BrokerBenchmark.class.getName(), String.join(" ", args));
        OUT.printf(Locale.ROOT, "java %s (%s), %d cores, max heap %d MiB%n%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        OUT.printf(Locale.ROOT, "%-6s %-12s %10s %8s %7s | %9s %9s %9s %9s%n", "round", "mode", "msg/s", "MiB/s",
                "errors", "wake p50", "p90", "p99", "max");
        List<Result> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            FlushDiskType[] order = r % 2 == 1
                    ? new FlushDiskType[] {FlushDiskType.SYNC_FLUSH, FlushDiskType.ASYNC_FLUSH}
                    : new FlushDiskType[] {FlushDiskType.ASYNC_FLUSH, FlushDiskType.SYNC_FLUSH};
            for (FlushDiskType mode : order) {
                Result res = runOnce(r, mode);
                results.add(res);
                OUT.println(res.row(Integer.toString(r)));
            }
        }
        OUT.println();
        for (FlushDiskType mode : FlushDiskType.values()) {
            List<Result> rs = results.stream().filter(x -> x.mode == mode).toList();
            Result median = new Result(0, mode, median(rs, Result::msgPerSec), median(rs, Result::mibPerSec),
                    (long) median(rs, x -> x.errors), (long) median(rs, x -> x.p50), (long) median(rs, x -> x.p90),
                    (long) median(rs, x -> x.p99), (long) median(rs, x -> x.max));
            OUT.println(median.row("median"));
        }
        OUT.println("(wake-up latency in microseconds: send start -> held pull delivered; medians over rounds)");
    }

    private Result runOnce(int round, FlushDiskType mode) throws Exception {
        Path dir = Files.createTempDirectory("rocketjms-bench-");
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .flushDiskType(mode).build().start()) {
            long[] thr = throughput(broker.brokerAddress());
            long[] lat = wakeUpLatency(broker);
            Arrays.sort(lat);
            double msgPerSec = thr[0] * 1e9 / thr[1];
            return new Result(round, mode, msgPerSec, msgPerSec * size / (1 << 20), thr[2],
                    percentile(lat, 0.50) / 1000, percentile(lat, 0.90) / 1000, percentile(lat, 0.99) / 1000,
                    lat[lat.length - 1] / 1000);
        } finally {
            deleteTree(dir);
        }
    }

    /** @return {messages sent in the measured window, window length in ns, errors} */
    private long[] throughput(String addr) throws Exception {
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        AtomicLong[] counts = new AtomicLong[producers];
        AtomicLong errors = new AtomicLong();
        List<BrokerClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        final boolean[] stop = {false};
        Object stopLock = new Object();
        try {
            for (int p = 0; p < producers; p++) {
                BrokerClient c = new BrokerClient(addr, "producer-" + p);
                clients.add(c);
                // the first send creates the topic; each producer sticks to one queue, as a JMS producer does
                check(c.send(TOPIC, p % 4, body));
                AtomicLong count = new AtomicLong();
                counts[p] = count;
                int queueId = p % 4;
                Thread t = new Thread(() -> {
                    while (true) {
                        synchronized (stopLock) {
                            if (stop[0]) {
                                return;
                            }
                        }
                        try {
                            RemotingCommand r = c.send(TOPIC, queueId, body);
                            if (r.getCode() == ResponseCode.SUCCESS) {
                                count.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                }, "bench-producer-" + p);
                threads.add(t);
            }
            threads.forEach(Thread::start);
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
            long errorsBefore = errors.get();
            long before = sum(counts);
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long after = sum(counts);
            long t1 = System.nanoTime();
            long errorsAfter = errors.get();
            return new long[] {after - before, t1 - t0, errorsAfter - errorsBefore};
        } finally {
            synchronized (stopLock) {
                stop[0] = true;
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
            clients.forEach(BrokerClient::close);
        }
    }

    /** Samples of send start -> delivery of a pull the broker was holding on an empty queue, in ns. */
    private long[] wakeUpLatency(EmbeddedBroker broker) throws Exception {
        String addr = broker.brokerAddress();
        BlockingQueue<Long> delivered = new ArrayBlockingQueue<>(16);
        int warmup = Math.min(50, samples);
        long[] out = new long[samples];
        try (BrokerClient producer = new BrokerClient(addr, "latency-producer");
             BrokerClient consumer = new BrokerClient(addr, "latency-consumer")) {
            // creates the topic; the consumer starts behind this message (the dispatcher may not have indexed it yet)
            RemotingCommand first = producer.send(LATENCY_TOPIC, 0, new byte[size]);
            check(first);
            long start = SendMessageResponseHeader.decode(first.getExtFields()).queueOffset() + 1;
            final boolean[] stop = {false};
            Thread t = new Thread(() -> {
                long offset = start;
                while (!stopped(stop)) {
                    try {
                        RemotingCommand r = consumer.pull("bench-latency-g", LATENCY_TOPIC, 0, offset, 32, 5_000);
                        long now = System.nanoTime();
                        if (r.getCode() == ResponseCode.SUCCESS) {
                            int n = BrokerClient.messages(r).size();
                            if (n != 1) {
                                throw new IllegalStateException("expected one message per wake-up, got " + n);
                            }
                            offset = PullMessageResponseHeader.decode(r.getExtFields()).nextBeginOffset();
                            delivered.put(now);
                        } else if (r.getCode() == BrokerResponseCode.PULL_NOT_FOUND
                                || r.getCode() == BrokerResponseCode.PULL_OFFSET_MOVED) {
                            offset = PullMessageResponseHeader.decode(r.getExtFields()).nextBeginOffset();
                        } else {
                            throw new IllegalStateException("pull failed: " + r.getCode() + " " + r.getRemark());
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        if (!stopped(stop)) {
                            e.printStackTrace(OUT);
                            delivered.offer(-1L);
                        }
                        return;
                    }
                }
            }, "bench-latency-consumer");
            t.start();
            byte[] body = new byte[size];
            for (int i = -warmup; i < samples; i++) {
                awaitHeld(broker);
                Thread.sleep(1 + ThreadLocalRandom.current().nextInt(5));
                long t0 = System.nanoTime();
                check(producer.send(LATENCY_TOPIC, 0, body));
                Long t1 = delivered.poll(10, TimeUnit.SECONDS);
                if (t1 == null || t1 < 0) {
                    throw new IllegalStateException("the held pull did not deliver the message");
                }
                if (t1 < t0) {
                    throw new IllegalStateException("a delivery arrived before its send started");
                }
                if (i >= 0) {
                    out[i] = t1 - t0;
                }
            }
            synchronized (stop) {
                stop[0] = true;
            }
            consumer.close();
            t.join(10_000);
        }
        return out;
    }

    private static boolean stopped(boolean[] stop) {
        synchronized (stop) {
            return stop[0];
        }
    }

    /** Waits until the consumer's pull is parked in the broker's hold service, so the send has to wake it. */
    private static void awaitHeld(EmbeddedBroker broker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.brokerController().getPullRequestHoldService().heldCount() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer's pull was never held");
            }
            Thread.sleep(0, 200_000);
        }
    }

    private static void check(RemotingCommand r) {
        if (r.getCode() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("send failed: " + r.getCode() + " " + r.getRemark());
        }
    }

    private static long sum(AtomicLong[] counts) {
        long s = 0;
        for (AtomicLong c : counts) {
            s += c.get();
        }
        return s;
    }

    /** The value at quantile {@code q} of sorted samples (nearest rank). */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double median(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One run (or the medians over runs) of one flush mode; latencies in microseconds. */
    private record Result(int round, FlushDiskType mode, double msgPerSec, double mibPerSec, long errors, long p50,
                          long p90, long p99, long max) {
        String row(String label) {
            return String.format(Locale.ROOT, "%-6s %-12s %10.0f %8.1f %7d | %9d %9d %9d %9d", label, mode,
                    msgPerSec, mibPerSec, errors, p50, p90, p99, max);
        }
    }
}
