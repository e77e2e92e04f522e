package org.rocketjms.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.commitlog.CommitLog;
import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

/**
 * Commit-log append of one message with a {@code bodySize}-byte body and a few properties, ASYNC_FLUSH (the
 * append itself: encode, CRC, lock, copy into the mapped file; the flush thread runs behind). Every iteration starts
 * on a new commit log in a temporary directory (256 MiB files) that is deleted afterwards, so the disk does not
 * fill up. {@code append} runs on one thread, {@code append4} on four threads sharing the log.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommitLogAppendBenchmark {

    @Param({"1024"})
    public int bodySize;

    private Path dir;
    private CommitLog commitLog;
    private byte[] body;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("rocketjms-jmh-commitlog");
        MessageStoreConfig config = new MessageStoreConfig().setStorePathRootDir(dir.toString())
                .setFlushDiskType(FlushDiskType.ASYNC_FLUSH).setMappedFileSizeCommitLog(256 * 1024 * 1024);
        commitLog = new CommitLog(config);
        if (!commitLog.load()) {
            throw new IllegalStateException("commit log in " + dir + " did not load");
        }
        commitLog.start();
        body = new byte[bodySize];
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        commitLog.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private PutMessageResult put() {
        StoreMessage m = new StoreMessage("perf", 0, body).putProperty("#JMSDeliveryMode", "I2")
                .putProperty("#JMSPriority", "I4").setWaitStoreMsgOK(false);
        PutMessageResult r = commitLog.putMessage(m).join();
        if (!r.isOk()) {
            throw new IllegalStateException(r.status() + " " + r.remark());
        }
        return r;
    }

    @Benchmark
    public PutMessageResult append() {
        return put();
    }

    @Benchmark
    @Threads(4)
    public PutMessageResult append4() {
        return put();
    }
}
