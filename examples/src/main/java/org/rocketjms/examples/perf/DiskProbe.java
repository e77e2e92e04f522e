package org.rocketjms.examples.perf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Measures the disk a broker's data directory lives on, for perf/compare.sh: the rate of 1 KiB write +
 * {@code fdatasync} pairs (the bound of one synchronous writer) and the sequential write bandwidth (1 MiB writes,
 * one final {@code fdatasync}). Prints one line {@code fdatasync/s=N seqMB/s=M}.
 *
 * <pre>java -cp examples/target/classes org.rocketjms.examples.perf.DiskProbe --dir DIR [--seconds 5] [--mb 512]</pre>
 */
public final class DiskProbe {
    private DiskProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = null;
        int seconds = 5;
        int mb = 512;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option '" + args[i] + "'; usage: --dir DIR [--seconds N] [--mb N]");
                    System.exit(2);
                }
            }
        }
        if (dir == null) {
            System.err.println("--dir DIR is required");
            System.exit(2);
        }
        Files.createDirectories(dir);
        double syncs = fdatasyncRate(dir.resolve("probe-sync.dat"), seconds);
        double mbs = sequentialWrite(dir.resolve("probe-seq.dat"), mb);
        System.out.printf(Locale.ROOT, "fdatasync/s=%.0f seqMB/s=%.0f%n", syncs, mbs);
    }

    /** 1 KiB written at the same offset then forced, in a loop: forces per second. */
    static double fdatasyncRate(Path file, int seconds) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1024);
        long n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (System.nanoTime() < end) {
                buf.clear();
                ch.write(buf, (n % 1024) * 1024);
                ch.force(false);
                n++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code mb} MiB in 1 MiB writes to a new file, then one force: MB/s (10^6 bytes). */
    static double sequentialWrite(Path file, int mb) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1024 * 1024);
        while (buf.hasRemaining()) {
            buf.put((byte) 'w');
        }
        long start = System.nanoTime();
        long elapsed;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int i = 0; i < mb; i++) {
                buf.clear();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(false);
            elapsed = System.nanoTime() - start;
        } finally {
            Files.deleteIfExists(file);
        }
        return mb * 1024.0 * 1024.0 / 1e6 / (elapsed / 1e9);
    }
}
