package org.rocketjms.store.bench;

import org.rocketjms.store.DefaultMessageStore;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.StoreStats;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Store benchmark (a program, not a test): commit-log append throughput against the raw sequential write
 * bandwidth and fdatasync rate of the same disk, measured in the same run, medians of several rounds.
 *
 * <pre>
 * java -cp ... org.rocketjms.store.bench.StoreBenchmark [--dir DIR] [--mb N] [--rounds N] [--sync-seconds N]
 *     [--fill-ahead BYTES]
 * </pre>
 */
public final class StoreBenchmark {
    private static final int MSG = 1024;
    /** {@code --fill-ahead BYTES}: the store's commitLogFillAheadBytes (default: the store's default). */
    private static int fillAhead = new MessageStoreConfig().getCommitLogFillAheadBytes();

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "rocketjms-store-bench");
        long mb = 1024;
        int rounds = 3;
        int syncSeconds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--mb" -> mb = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--sync-seconds" -> syncSeconds = Integer.parseInt(args[++i]);
                case "--fill-ahead" -> fillAhead = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: [--dir DIR] [--mb N] [--rounds N] [--sync-seconds N] [--fill-ahead BYTES]");
                    System.exit(2);
                }
            }
        }
        long bytes = mb * 1024 * 1024;
        System.out.printf("RocketJMS store benchmark: %d MiB per run, %d rounds, 1 KiB messages, dir %s, %d cores, fill-ahead %d bytes%n",
                mb, rounds, dir, Runtime.getRuntime().availableProcessors(), fillAhead);
        double[] raw = new double[rounds];
        double[] one = new double[rounds];
        double[] four = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            raw[r] = rawSequentialWrite(dir, bytes);
            one[r] = storeAppend(dir, bytes, 1);
            four[r] = storeAppend(dir, bytes, 4);
            System.out.printf("round %d: raw %.0f MB/s, store 1 writer %.0f MB/s, store 4 writers %.0f MB/s%n", r + 1,
                    raw[r], one[r], four[r]);
        }
        double rawM = median(raw);
        double oneM = median(one);
        double fourM = median(four);
        System.out.println();
        System.out.printf("ASYNC_FLUSH append, median: raw sequential write %.0f MB/s | store 1 writer %.0f MB/s (%.2f x raw)"
                + " | store 4 writers %.0f MB/s (%.2f x raw)%n", rawM, oneM, oneM / rawM, fourM, fourM / rawM);

        double[] fsync = new double[rounds];
        double[] sync16 = new double[rounds];
        double[] perForce = new double[rounds];
        double[] single = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            fsync[r] = rawFdatasyncRate(dir, Math.max(2, syncSeconds / 3));
            double[] s = storeSync(dir, 16, syncSeconds);
            sync16[r] = s[0];
            perForce[r] = s[1];
            single[r] = storeSyncInCaller(dir, Math.max(2, syncSeconds / 2));
            System.out.printf("round %d: raw fdatasync %.0f/s, SYNC_FLUSH 16 writers %.0f msg/s, %.1f records per force,"
                    + " 1 writer forcing in its own thread %.0f msg/s%n", r + 1, fsync[r], sync16[r], perForce[r], single[r]);
        }
        System.out.printf("SYNC_FLUSH 16 writers, median: %.0f msg/s vs raw fdatasync %.0f/s (%.1f x), %.1f records per force%n",
                median(sync16), median(fsync), median(sync16) / median(fsync), median(perForce));
        System.out.printf("SYNC_FLUSH 1 writer forcing in its own thread (as the broker's I/O thread does for a"
                + " synchronous send), median: %.0f msg/s (%.2f x raw fdatasync)%n", median(single),
                median(single) / median(fsync));
        deleteTree(dir);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** Sequential 1 MiB writes into a new file followed by one fdatasync: MB/s. */
    private static double rawSequentialWrite(Path dir, long bytes) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path f = dir.resolve("raw.dat");
        ByteBuffer buf = ByteBuffer.allocateDirect(1024 * 1024);
        while (buf.hasRemaining()) {
            buf.put((byte) 'x');
        }
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; ) {
                buf.clear();
                written += ch.write(buf);
            }
            ch.force(false);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        deleteTree(dir);
        return bytes / 1e6 / secs;
    }

    /** 1 KiB + fdatasync in a loop: syncs per second. */
    private static double rawFdatasyncRate(Path dir, int seconds) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path f = dir.resolve("fsync.dat");
        ByteBuffer buf = ByteBuffer.allocateDirect(MSG);
        long n = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (System.nanoTime() < end) {
                buf.clear();
                ch.write(buf);
                ch.force(false);
                n++;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        deleteTree(dir);
        return n / secs;
    }

    private static DefaultMessageStore openStore(Path dir, FlushDiskType flush) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        MessageStoreConfig cfg = new MessageStoreConfig().setStorePathRootDir(dir.toString()).setFlushDiskType(flush)
                .setCommitLogFillAheadBytes(fillAhead)
                .setMessageIndexEnable(false);
        DefaultMessageStore store = new DefaultMessageStore(cfg);
        if (!store.load()) {
            throw new IllegalStateException("store did not load");
        }
        store.start();
        return store;
    }

    /** ASYNC_FLUSH appends of 1 KiB bodies by {@code writers} threads, timed to the final flush: MB/s of log. */
    private static double storeAppend(Path dir, long bytes, int writers) throws Exception {
        DefaultMessageStore store = openStore(dir, FlushDiskType.ASYNC_FLUSH);
        byte[] body = new byte[MSG];
        Arrays.fill(body, (byte) 'm');
        AtomicLong logBytes = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < writers; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                long mine = 0;
                while (logBytes.get() < bytes) {
                    PutMessageResult r = store.putMessage(new StoreMessage("bench", id, body)).join();
                    if (!r.isOk()) {
                        throw new IllegalStateException(r.status() + " " + r.remark());
                    }
                    mine += r.wroteBytes();
                    if (mine >= 1 << 20) {
                        logBytes.addAndGet(mine);
                        mine = 0;
                    }
                }
                logBytes.addAndGet(mine);
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        store.getCommitLog().getMappedFileQueue().flushAll();
        double secs = (System.nanoTime() - start) / 1e9;
        long total = logBytes.get();
        store.shutdown();
        deleteTree(dir);
        return total / 1e6 / secs;
    }

    /**
     * One thread putting 1 KiB messages under SYNC_FLUSH and running each put's force itself
     * ({@link DefaultMessageStore#deferFlushToCaller()}, then {@link DefaultMessageStore#flushPending()}), for
     * {@code seconds}: puts per second, each durable before the next.
     */
    private static double storeSyncInCaller(Path dir, int seconds) throws Exception {
        DefaultMessageStore store = openStore(dir, FlushDiskType.SYNC_FLUSH);
        byte[] body = new byte[MSG];
        long n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            store.deferFlushToCaller();
            CompletableFuture<PutMessageResult> f = store.putMessage(new StoreMessage("bench", 0, body));
            store.flushPending();
            PutMessageResult r = f.get(30, TimeUnit.SECONDS);
            if (!r.isOk()) {
                throw new IllegalStateException("put failed: " + r.status());
            }
            n++;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        store.shutdown();
        deleteTree(dir);
        return n / secs;
    }

    /** SYNC_FLUSH appends by {@code writers} threads for {@code seconds}: {msg/s, records per force}. */
    private static double[] storeSync(Path dir, int writers, int seconds) throws Exception {
        DefaultMessageStore store = openStore(dir, FlushDiskType.SYNC_FLUSH);
        byte[] body = new byte[MSG];
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        StoreStats before = store.stats();
        long start = System.nanoTime();
        for (int t = 0; t < writers; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    CompletableFuture<PutMessageResult> f = store.putMessage(new StoreMessage("bench", id % 4, body));
                    try {
                        PutMessageResult r = f.get(30, TimeUnit.SECONDS);
                        if (r.isOk()) {
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        StoreStats after = store.stats();
        store.shutdown();
        deleteTree(dir);
        double perForce = (double) (after.recordsFlushed() - before.recordsFlushed())
                / Math.max(1, after.forceCount() - before.forceCount());
        return new double[]{done.get() / secs, perForce};
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (Files.exists(dir)) {
            throw new IOException("could not delete " + dir);
        }
    }

}
