package org.rocketjms.examples.perf;

import org.HdrHistogram.Histogram;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What this machine allows any broker at best, for perf/compare.sh: the same work as scenarios S1 and S4 done by
 * the simplest program that can do it, with no broker logic at all. Every phase runs in one JVM over loopback TCP
 * with blocking sockets (one thread per end, so a message wakes as few threads as a request and answer can) and
 * appends to a file the way a log does (each record at the end, {@code fdatasync} per record):
 *
 * <ul>
 *   <li>{@code fdatasync/s}: one thread appending a record and forcing it, in a loop (the disk's bound);</li>
 *   <li>{@code rtt/s}: a client sending a record and waiting for an 8-byte answer, a server answering at once;</li>
 *   <li>{@code rttForce/s}: the same, the server appending and forcing the record before answering (S1's floor:
 *       a synchronous producer over a socket to something that forces each record);</li>
 *   <li>{@code relay p50/p99/p99.9}: a producer sending at a fixed rate to a server that first passes the record to a
 *       consumer's socket, then appends and forces it and answers the producer (S4's floor: the end-to-end latency
 *       of a relay that dispatches before its force, as ActiveMQ Classic and RocketJMS do).</li>
 * </ul>
 *
 * Prints one line of {@code key=value} pairs. The ratios that matter are in it: {@code rttForce/fdatasync} is the
 * most of the disk's rate S1 can reach through a socket on this machine.
 *
 * <pre>java -cp examples/target/classes:examples/target/lib/* org.rocketjms.examples.perf.RoundTripFloor --dir DIR
 *     [--seconds 5] [--size 1024] [--rate 1000]</pre>
 */
public final class RoundTripFloor {
    private static final int ANSWER = 8;
    /** Size of the pre-allocated region records are appended to (and wrap around in). */
    private static final long REGION = 64L << 20;

    private RoundTripFloor() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int seconds = 5;
        int size = 1024;
        int rate = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option '" + args[i]
                            + "'; usage: --dir DIR [--seconds N] [--size BYTES] [--rate MSG_PER_S]");
                    System.exit(2);
                }
            }
        }
        if (dir == null || size < 16 || rate < 1 || seconds < 1) {
            System.err.println("--dir DIR is required; --size at least 16, --rate and --seconds at least 1");
            System.exit(2);
        }
        Files.createDirectories(dir);
        double syncs = appendForceRate(dir.resolve("floor-sync.dat"), seconds, size);
        double rtt = roundTrips(null, seconds, size);
        double rttForce = roundTrips(dir.resolve("floor-rtt.dat"), seconds, size);
        Histogram relay = relay(dir.resolve("floor-relay.dat"), seconds, size, rate);
        System.out.printf(Locale.ROOT,
                "fdatasync/s=%.0f rtt/s=%.0f rttForce/s=%.0f rttForce/fdatasync=%.2f relayRate=%d"
                        + " relayP50us=%d relayP99us=%d relayP999us=%d%n",
                syncs, rtt, rttForce, rttForce / syncs, rate, relay.getValueAtPercentile(50),
                relay.getValueAtPercentile(99), relay.getValueAtPercentile(99.9));
    }

    /** One thread appending {@code size}-byte records to a pre-allocated file, forcing each: records per second. */
    static double appendForceRate(Path file, int seconds, int size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(size);
        long n = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        try (FileChannel ch = open(file)) {
            while (System.nanoTime() < end) {
                buf.clear();
                while (buf.hasRemaining()) {
                    ch.write(buf, slot(n, size) + buf.position());
                }
                ch.force(false);
                n++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * A client thread sending records one at a time and waiting for each answer; the server thread appends and forces
     * each record before answering when {@code file} is not null. Round trips per second.
     */
    static double roundTrips(Path file, int seconds, int size) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             FileChannel ch = file == null ? null : open(file)) {
            Thread server = new Thread(() -> serve(ss, ch, size, null), "floor-server");
            server.start();
            long n = 0;
            long start;
            try (Socket s = connect(ss.getLocalPort())) {
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] record = new byte[size];
                byte[] answer = new byte[ANSWER];
                start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    out.write(record);
                    in.readFully(answer);
                    n++;
                }
            }
            server.join(10_000);
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * A producer sending timestamped records at {@code rate} per second (waiting for each answer, as a synchronous
     * send does); the server writes each record to the consumer's socket, then appends and forces it, then answers;
     * the consumer thread records the end-to-end latency in microseconds (one JVM, so one clock).
     */
    static Histogram relay(Path file, int seconds, int size, int rate) throws Exception {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        try (ServerSocket ss = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
             FileChannel ch = open(file)) {
            Thread server = new Thread(() -> serve(ss, ch, size, ss), "floor-relay");
            server.start();
            try (Socket producer = connect(ss.getLocalPort()); Socket consumer = connect(ss.getLocalPort())) {
                long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                Thread receiver = new Thread(() -> receive(consumer, size, warmupEnd, h), "floor-consumer");
                receiver.start();
                OutputStream out = producer.getOutputStream();
                DataInputStream in = new DataInputStream(producer.getInputStream());
                byte[] record = new byte[size];
                byte[] answer = new byte[ANSWER];
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                long next = System.nanoTime();
                long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
                while (next < end) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    ByteBuffer.wrap(record).putLong(0, System.nanoTime());
                    out.write(record);
                    in.readFully(answer);
                    next += interval;
                }
                producer.shutdownOutput();
                receiver.join(10_000);
            }
            server.join(10_000);
        } finally {
            Files.deleteIfExists(file);
        }
        return h;
    }

    private static void receive(Socket consumer, int size, long warmupEnd, Histogram h) {
        try {
            InputStream in = consumer.getInputStream();
            byte[] record = new byte[size];
            while (readFully(in, record)) {
                long now = System.nanoTime();
                long sent = ByteBuffer.wrap(record).getLong(0);
                if (sent >= warmupEnd) {
                    h.recordValue(Math.min(h.getHighestTrackableValue(), (now - sent) / 1000));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the floor consumer failed", e);
        }
    }

    /**
     * Serves one producer connection (and, when {@code relayTo} is not null, passes each record to a second, consumer
     * connection first): reads a record, appends and forces it when {@code ch} is not null, answers 8 bytes.
     */
    private static void serve(ServerSocket ss, FileChannel ch, int size, ServerSocket relayTo) {
        try (Socket s = ss.accept(); Socket consumer = relayTo == null ? null : relayTo.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            OutputStream relay = null;
            if (consumer != null) {
                consumer.setTcpNoDelay(true);
                relay = consumer.getOutputStream();
            }
            byte[] record = new byte[size];
            ByteBuffer buf = ByteBuffer.wrap(record);
            byte[] answer = new byte[ANSWER];
            long n = 0;
            while (readFully(in, record)) {
                if (relay != null) {
                    relay.write(record);
                }
                if (ch != null) {
                    buf.clear();
                    while (buf.hasRemaining()) {
                        ch.write(buf, slot(n, size) + buf.position());
                    }
                    ch.force(false);
                }
                n++;
                out.write(answer);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the floor server failed", e);
        }
    }

    /** Reads a whole record; false at end of stream before its first byte. */
    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                if (n == 0) {
                    return false;
                }
                throw new java.io.EOFException("stream ended inside a record");
            }
            n += r;
        }
        return true;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    /**
     * A new file of {@link #REGION} zero bytes, forced, so a record's force later writes data only (no block allocation
     * or size change), as in a broker's pre-allocated, zero-filled log file.
     */
    private static FileChannel open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long p = 0; p < REGION; p += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                ch.write(zeros, p + zeros.position());
            }
        }
        ch.force(true);
        return ch;
    }

    /** Where the next record of {@code size} bytes goes after {@code n} records: appended, wrapping in the region. */
    private static long slot(long n, int size) {
        return (n * size) % (REGION - REGION % size);
    }
}
