package org.rocketjms.broker.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;
import org.rocketjms.broker.bench.BrokerClient;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.PullMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.QueueRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.remoting.protocol.namesrv.GetRouteInfoRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile bytes on the broker and name server ports (garbage, oversized and negative frame lengths, truncated and
 * bit-flipped frames, absurd ext-field counts, unknown codes, requests missing mandatory fields) while a
 * well-behaved client keeps sending, popping and acking. Each hostile connection must be answered with an error or
 * closed by the server within a few seconds; the good client must see no error and keep making progress; a new
 * client must be served afterwards; and a second identical round of abuse must not grow the heap or Netty's pooled
 * memory.
 */
class BrokerRobustnessTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRobustnessTest.class);

    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    private static final long FLIPPED_ANSWER_MILLIS = 800;
    private static final int ABUSE_THREADS = 16;
    private static final long SEED = 0x5EED_0F_AB05EL;
    private static final long MAX_HEAP_GROWTH = 64L << 20;
    private static final long MAX_POOLED_GROWTH = 32L << 20;
    private static final long MAX_PROGRESS_GAP_MILLIS = 5_000;

    @TempDir
    Path dir;

    /** How the hostile connections of the current round ended, by kind. */
    private final Map<String, AtomicInteger> outcomes = new ConcurrentSkipListMap<>();

    private void outcome(String kind, RawConnection c) {
        String how = !c.responses().isEmpty() ? (c.closedByPeer() ? "answered+closed" : "answered")
                : c.closedByPeer() ? "closed" : "open";
        outcomes.computeIfAbsent(kind + ":" + how, k -> new AtomicInteger()).incrementAndGet();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostileConnectionsAreRefusedWithoutHurtingGoodClientsOrLeaking() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(64 << 20))
                .set("mappedFileSizeConsumeQueue", String.valueOf(20 * 20_000))
                .build().start();
             GoodClient good = new GoodClient(broker.brokerAddress())) {
            good.start();
            good.awaitSuccesses(20, 15_000);

            RoundResult first = abuseRound(broker, good);
            LOG.info("round 1: {}", first);
            first.assertHealthy();

            MemorySample before = MemorySample.take();
            RoundResult second = abuseRound(broker, good);
            MemorySample after = MemorySample.take();
            LOG.info("round 2: {}", second);
            LOG.info("memory before round 2: {}; after: {}", before, after);
            second.assertHealthy();
            assertTrue(first.connections + second.connections >= 400,
                    "expected at least 400 hostile connections, made " + (first.connections + second.connections));
            assertTrue(after.heapUsed - before.heapUsed < MAX_HEAP_GROWTH,
                    "heap grew by " + (after.heapUsed - before.heapUsed) + " bytes over an identical abuse round");
            assertTrue(after.pooledUsed - before.pooledUsed < MAX_POOLED_GROWTH,
                    "Netty pooled memory grew by " + (after.pooledUsed - before.pooledUsed) + " bytes");

            long drained = good.stopAndDrain(20_000);
            assertEquals(0, good.errorCount(), "good client errors: " + good.errors());
            assertEquals(good.sentCount(), drained, "every message the good client sent came back exactly once");

            assertFreshClientsServed(broker);
        }
        LOG.info("robustness test took {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    // ------------------------------------------------------------------------------------------------ rounds

    private RoundResult abuseRound(EmbeddedBroker broker, GoodClient good) throws Exception {
        List<AbuseCase> cases = new ArrayList<>();
        cases.addAll(cases(broker.brokerPort(), true, SEED));
        cases.addAll(cases(broker.namesrvPort(), false, SEED + 1));
        Collections.shuffle(cases, new Random(SEED + 2));

        outcomes.clear();
        long successesBefore = good.successCount();
        good.resetGapWatch();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(ABUSE_THREADS);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (AbuseCase c : cases) {
                futures.add(pool.submit(() -> {
                    try {
                        String failure = c.run.call();
                        if (failure != null) {
                            failures.add(c.name + ": " + failure);
                        }
                    } catch (Exception e) {
                        failures.add(c.name + ": " + e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new RoundResult(cases.size(), millis, failures, good.successCount() - successesBefore,
                good.maxGapMillis(), good.errorCount(), good.errors(), new TreeMap<>(outcomes));
    }

    private record RoundResult(int connections, long millis, List<String> failures, long goodSuccesses,
                               long goodMaxGapMillis, long goodErrors, List<String> goodErrorList,
                               Map<String, AtomicInteger> outcomes) {
        void assertHealthy() {
            assertTrue(failures.isEmpty(), failures.size() + " hostile connections misbehaved, e.g. "
                    + failures.subList(0, Math.min(10, failures.size())));
            assertEquals(0, goodErrors, "good client errors during abuse: " + goodErrorList);
            assertTrue(goodSuccesses >= 20, "good client made only " + goodSuccesses + " round trips during abuse");
            assertTrue(goodMaxGapMillis < MAX_PROGRESS_GAP_MILLIS,
                    "good client stalled for " + goodMaxGapMillis + " ms during abuse");
        }

        @Override
        public String toString() {
            return connections + " hostile connections in " + millis + " ms, " + failures.size()
                    + " misbehaved; good client: " + goodSuccesses + " round trips, longest gap " + goodMaxGapMillis
                    + " ms, " + goodErrors + " errors; outcomes " + outcomes;
        }
    }

    // ------------------------------------------------------------------------------------------------ cases

    private record AbuseCase(String name, Callable<String> run) {
    }

    /** The hostile connections of one round against one port; the same seed gives the same bytes. */
    private List<AbuseCase> cases(int port, boolean isBroker, long seed) {
        Random rnd = new Random(seed);
        String where = isBroker ? "broker" : "namesrv";
        List<AbuseCase> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] garbage = new byte[1 + rnd.nextInt(8192)];
            rnd.nextBytes(garbage);
            out.add(new AbuseCase(where + " garbage#" + i, () -> garbage(port, garbage)));
        }
        int[] oversize = {Integer.MIN_VALUE, 0x7FFF_FFFF, RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH + 1,
            1 << 30, 0x4000_0001};
        for (int i = 0; i < 10; i++) {
            int length = i < oversize.length ? oversize[i]
                    : RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH + 1 + rnd.nextInt(Integer.MAX_VALUE - (16 << 20));
            byte[] tail = new byte[rnd.nextInt(1024)];
            rnd.nextBytes(tail);
            out.add(new AbuseCase(where + " length " + Integer.toUnsignedString(length),
                    () -> mustCloseSilently("oversize", port, concat(intBytes(length), tail), false)));
        }
        int[] negative = {-1, -2, -4, Integer.MIN_VALUE + 1, -1_000_000};
        for (int i = 0; i < 10; i++) {
            int length = i < negative.length ? negative[i] : -1 - rnd.nextInt(Integer.MAX_VALUE);
            byte[] tail = new byte[rnd.nextInt(64)];
            rnd.nextBytes(tail);
            out.add(new AbuseCase(where + " length " + length,
                    () -> mustCloseSilently("negative", port, concat(intBytes(length), tail), false)));
        }
        for (int i = 0; i < 20; i++) {
            byte[] valid = validFrame(isBroker, rnd);
            byte[] cut = Arrays.copyOf(valid, 1 + rnd.nextInt(valid.length - 1));
            int mode = i % 3;
            out.add(new AbuseCase(where + " truncated#" + i + "(mode " + mode + ")", () -> truncated(port, cut, mode)));
        }
        for (int i = 0; i < 20; i++) {
            int code1 = unknownCode(rnd);
            int code2 = unknownCode(rnd);
            int opaque = rnd.nextInt();
            out.add(new AbuseCase(where + " unknown code " + code1, () -> unknownCode(port, code1, code2, opaque)));
        }
        for (int i = 0; i < 40; i++) {
            byte[] flipped = validFrame(isBroker, rnd);
            int flips = 1 + rnd.nextInt(3);
            StringBuilder bits = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int bit = rnd.nextInt(flipped.length * 8);
                flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
                bits.append(bit).append(' ');
            }
            out.add(new AbuseCase(where + " flipped bits " + bits, () -> flipped(port, flipped)));
        }
        int[] extCounts = {Integer.MAX_VALUE, 1_000_000, RemotingCommandCodec.MAX_EXT_FIELDS + 1, 65_536, -1,
            RemotingCommandCodec.MAX_EXT_FIELDS, Integer.MIN_VALUE, 2, 5000, 100_000};
        for (int count : extCounts) {
            out.add(new AbuseCase(where + " ext field count " + count,
                    () -> mustCloseSilently("huge ext count", port, hugeExtCountFrame(isBroker, count), false)));
        }
        for (int i = 0; i < 20; i++) {
            int variant = i % 4;
            out.add(new AbuseCase(where + " missing fields#" + variant,
                    () -> isBroker ? brokerMissingFields(port, variant) : namesrvMissingFields(port, variant)));
        }
        return out;
    }

    /** Random bytes; if their first four bytes announce a frame longer than what was sent, also end the stream. */
    private String garbage(int port, byte[] garbage) throws Exception {
        boolean serverMayWait = garbage.length < 4;
        if (!serverMayWait) {
            long announced = ByteBuffer.wrap(garbage).getInt() & 0xFFFF_FFFFL;
            serverMayWait = announced <= RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH
                    && announced + 4 > garbage.length;
        }
        try (RawConnection c = new RawConnection(port)) {
            c.write(garbage);
            if (serverMayWait) {
                c.halfClose();
            }
            c.await(CLOSE_TIMEOUT_MILLIS, 0);
            outcome(serverMayWait ? "garbage(after EOF)" : "garbage", c);
            if (!c.closedByPeer()) {
                return "not closed within " + CLOSE_TIMEOUT_MILLIS + " ms (server may wait: " + serverMayWait + ")";
            }
            for (RemotingCommand r : c.responses()) {
                if (r.getCode() == ResponseCode.SUCCESS) {
                    return "garbage was answered with SUCCESS: " + r;
                }
            }
            return null;
        }
    }

    /** The server must close the connection without answering anything. */
    private String mustCloseSilently(String kind, int port, byte[] bytes, boolean halfClose) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.write(bytes);
            if (halfClose) {
                c.halfClose();
            }
            c.await(CLOSE_TIMEOUT_MILLIS, 0);
            outcome(kind, c);
            if (!c.closedByPeer()) {
                return "not closed within " + CLOSE_TIMEOUT_MILLIS + " ms";
            }
            if (!c.responses().isEmpty()) {
                return "unexpected responses " + c.responses();
            }
            return null;
        }
    }

    /** Part of a valid frame, then: 0 = reset, 1 = close, 2 = end of stream and wait for the server to close. */
    private String truncated(int port, byte[] cut, int mode) throws Exception {
        if (mode == 2) {
            return mustCloseSilently("truncated(after EOF)", port, cut, true);
        }
        RawConnection c = new RawConnection(port);
        c.write(cut);
        if (mode == 0) {
            c.abort();
        } else {
            c.close();
        }
        return null;
    }

    /** Two requests with unsupported codes on one connection: each gets REQUEST_CODE_NOT_SUPPORTED. */
    private String unknownCode(int port, int code1, int code2, int opaque) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            RemotingCommand req = RemotingCommand.createRequest(code1);
            req.setOpaque(opaque);
            req.addExtField("someField", "someValue");
            req.setBody("unknown".getBytes(StandardCharsets.UTF_8));
            c.write(RawConnection.frame(req));
            c.await(CLOSE_TIMEOUT_MILLIS, 1);
            String problem = checkNotSupported(c, 0, code1, opaque);
            if (problem != null) {
                return problem;
            }
            RemotingCommand req2 = RemotingCommand.createRequest(code2);
            req2.setOpaque(opaque + 1);
            c.write(RawConnection.frame(req2));
            c.await(CLOSE_TIMEOUT_MILLIS, 2);
            outcome("unknown code", c);
            return checkNotSupported(c, 1, code2, opaque + 1);
        }
    }

    private static String checkNotSupported(RawConnection c, int index, int code, int opaque) {
        if (c.responses().size() <= index) {
            return "no response to unknown code " + code + (c.closedByPeer() ? " (closed: " + c.closeReason() + ")"
                    : " within " + CLOSE_TIMEOUT_MILLIS + " ms");
        }
        RemotingCommand r = c.responses().get(index);
        if (!r.isResponse() || r.getCode() != ResponseCode.REQUEST_CODE_NOT_SUPPORTED || r.getOpaque() != opaque
                || r.getRemark() == null || !r.getRemark().contains(Integer.toString(code))) {
            return "unexpected answer to unknown code " + code + " (opaque " + opaque + "): " + r;
        }
        return null;
    }

    /**
     * A valid frame with flipped bits may be answered (with anything: the flip may have hit a harmless byte) or the
     * connection closed; if the server still waits (a flipped length announcing more bytes, a flipped oneway or
     * response flag), it must close once the stream ends.
     */
    private String flipped(int port, byte[] bytes) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.write(bytes);
            c.await(FLIPPED_ANSWER_MILLIS, 1);
            if (!c.responses().isEmpty() || c.closedByPeer()) {
                outcome("flipped", c);
                return null;
            }
            c.halfClose();
            c.await(CLOSE_TIMEOUT_MILLIS, 0);
            outcome("flipped(after EOF)", c);
            return c.closedByPeer() || !c.responses().isEmpty() ? null
                    : "neither answered nor closed within " + CLOSE_TIMEOUT_MILLIS + " ms after end of stream";
        }
    }

    /** A SEND_MESSAGE that lacks or mangles mandatory fields: INVALID_REQUEST with a remark; the connection lives on. */
    private String brokerMissingFields(int port, int variant) throws Exception {
        RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.SEND_MESSAGE);
        String field = "topic";
        switch (variant) {
            case 0 -> { }
            case 1 -> req.addExtField("producerGroup", "pg").addExtField("queueId", "1");
            case 2 -> {
                req.addExtField("topic", "abuse").addExtField("queueId", "not-a-number");
                field = "queueId";
            }
            default -> {
                req.addExtField("topic", "abuse").addExtField("bornTimestamp", "yesterday");
                field = "bornTimestamp";
            }
        }
        req.setBody("body".getBytes(StandardCharsets.UTF_8));
        RemotingCommand alive = RemotingCommand.createRequest(BrokerRequestCode.GET_MAX_OFFSET,
                new QueueRequestHeader("abuse", 0));
        return errorThenAlive(port, req, BrokerResponseCode.INVALID_REQUEST, field, alive);
    }

    /** GET_ROUTEINFO_BY_TOPIC without (or with an empty) topic: INVALID_REQUEST with a remark. */
    private String namesrvMissingFields(int port, int variant) throws Exception {
        RemotingCommand req = RemotingCommand.createRequest(NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC);
        switch (variant) {
            case 0 -> { }
            case 1 -> req.addExtField("topic", "");
            case 2 -> req.addExtField("notTheTopic", "x");
            default -> req.setBody(new byte[] {1, 2, 3});
        }
        RemotingCommand alive = RemotingCommand.createRequest(NamesrvRequestCode.GET_BROKER_CLUSTER_INFO);
        return errorThenAlive(port, req, NamesrvResponseCode.INVALID_REQUEST, "topic", alive);
    }

    private String errorThenAlive(int port, RemotingCommand bad, int expectedCode, String remarkMentions,
                                         RemotingCommand alive) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.write(RawConnection.frame(bad));
            c.await(CLOSE_TIMEOUT_MILLIS, 1);
            if (c.responses().isEmpty()) {
                return "no response" + (c.closedByPeer() ? " (closed: " + c.closeReason() + ")" : "");
            }
            RemotingCommand r = c.responses().get(0);
            if (r.getCode() != expectedCode || r.getOpaque() != bad.getOpaque() || r.getRemark() == null
                    || !r.getRemark().contains(remarkMentions)) {
                return "expected code " + expectedCode + " with a remark naming '" + remarkMentions + "', got " + r;
            }
            c.write(RawConnection.frame(alive));
            c.await(CLOSE_TIMEOUT_MILLIS, 2);
            outcome("missing fields", c);
            if (c.responses().size() < 2 || c.responses().get(1).getCode() != ResponseCode.SUCCESS) {
                return "connection unusable after the error response: " + c.responses()
                        + (c.closedByPeer() ? " (closed: " + c.closeReason() + ")" : "");
            }
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ frames

    /** A valid request frame the server would serve; topics and groups are the abuser's own, never the good client's. */
    private static byte[] validFrame(boolean isBroker, Random rnd) {
        RemotingCommand cmd;
        if (isBroker) {
            if (rnd.nextBoolean()) {
                cmd = RemotingCommand.createRequest(BrokerRequestCode.SEND_MESSAGE, new SendMessageRequestHeader(
                        "abuse-pg", "abuse", -1, 0, 1_700_000_000_000L, null, true));
                byte[] body = new byte[32 + rnd.nextInt(96)];
                rnd.nextBytes(body);
                cmd.setBody(body);
            } else {
                cmd = RemotingCommand.createRequest(BrokerRequestCode.GET_MAX_OFFSET,
                        new QueueRequestHeader("abuse", rnd.nextInt(4)));
            }
        } else {
            cmd = rnd.nextBoolean()
                    ? RemotingCommand.createRequest(NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC,
                    new GetRouteInfoRequestHeader("abuse"))
                    : RemotingCommand.createRequest(NamesrvRequestCode.GET_BROKER_CLUSTER_INFO);
        }
        cmd.setOpaque(rnd.nextInt());
        return RawConnection.frame(cmd);
    }

    /** A complete frame whose header claims {@code extCount} ext fields but carries only one. */
    private static byte[] hugeExtCountFrame(boolean isBroker, int extCount) {
        ByteBuffer header = ByteBuffer.allocate(RemotingCommandCodec.MIN_HEADER_LENGTH + 2 + 5 + 4 + 5);
        header.putInt(isBroker ? BrokerRequestCode.SEND_MESSAGE : NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC);
        header.putInt(RemotingCommand.CURRENT_VERSION);
        header.putInt(42);
        header.putInt(0);
        header.putInt(RemotingCommandCodec.NULL_LENGTH);
        header.putInt(extCount);
        header.putShort((short) 5).put("topic".getBytes(StandardCharsets.US_ASCII));
        header.putInt(5).put("abuse".getBytes(StandardCharsets.US_ASCII));
        byte[] h = header.array();
        ByteBuffer frame = ByteBuffer.allocate(8 + h.length);
        frame.putInt(4 + h.length).putInt(h.length).put(h);
        return frame.array();
    }

    private static int unknownCode(Random rnd) {
        return rnd.nextBoolean() ? 1000 + rnd.nextInt(1_000_000) : -1 - rnd.nextInt(1_000_000);
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ after

    private static void assertFreshClientsServed(EmbeddedBroker broker) throws Exception {
        try (BrokerClient fresh = new BrokerClient(broker.brokerAddress(), "fresh")) {
            RemotingCommand sent = fresh.send("fresh", 0, "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals(ResponseCode.SUCCESS, sent.getCode(), sent.getRemark());
            long offset = SendMessageResponseHeader.decode(sent.getExtFields()).queueOffset();
            RemotingCommand pulled = fresh.pull("fresh-g", "fresh", 0, offset, 1, 5_000);
            assertEquals(ResponseCode.SUCCESS, pulled.getCode(), pulled.getRemark());
            List<WireMessage> ms = BrokerClient.messages(pulled);
            assertEquals(1, ms.size());
            assertEquals("hello", new String(ms.get(0).body(), StandardCharsets.UTF_8));
            assertEquals(offset + 1, PullMessageResponseHeader.decode(pulled.getExtFields()).nextBeginOffset());
        }
        NettyRemotingClient namesrvClient = new NettyRemotingClient(new NettyClientConfig());
        namesrvClient.start();
        try {
            RemotingCommand info = namesrvClient.invokeSync("127.0.0.1:" + broker.namesrvPort(),
                    RemotingCommand.createRequest(NamesrvRequestCode.GET_BROKER_CLUSTER_INFO), 10_000);
            assertEquals(ResponseCode.SUCCESS, info.getCode(), info.getRemark());
        } finally {
            namesrvClient.shutdown();
        }
    }

    /** Heap in use after full collections, and Netty's pooled-allocator usage. */
    private record MemorySample(long heapUsed, long pooledUsed) {
        static MemorySample take() throws InterruptedException {
            Runtime rt = Runtime.getRuntime();
            long used = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
                used = Math.min(used, rt.totalMemory() - rt.freeMemory());
            }
            PooledByteBufAllocatorMetric m = PooledByteBufAllocator.DEFAULT.metric();
            return new MemorySample(used, m.usedDirectMemory() + m.usedHeapMemory());
        }

        @Override
        public String toString() {
            return "heap " + (heapUsed >> 10) + " KiB, netty pooled " + (pooledUsed >> 10) + " KiB";
        }
    }

    // ------------------------------------------------------------------------------------------------ good client

    /**
     * Sends one message, pops whatever is there, acks it, over and over on its own connection. Anything unexpected
     * (an exception, an error code, an unknown or duplicate body) is an error.
     */
    private static final class GoodClient implements AutoCloseable {
        private static final String TOPIC = "good";
        private static final String GROUP = "good-g";

        private final BrokerClient client;
        private final Thread thread;
        private final Map<String, Boolean> outstanding = Collections.synchronizedMap(new LinkedHashMap<>());
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean sending = true;
        private volatile boolean running = true;
        private volatile long successes;
        private volatile long sent;
        private volatile long received;
        private volatile long lastSuccessNanos = System.nanoTime();
        private volatile long maxGapNanos;

        GoodClient(String addr) throws Exception {
            client = new BrokerClient(addr, "good-client");
            thread = new Thread(this::loop, "good-client");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            long seq = 0;
            while (running) {
                try {
                    if (sending) {
                        String body = "good-" + seq++;
                        outstanding.put(body, Boolean.TRUE);
                        RemotingCommand r = client.send(TOPIC, -1, body.getBytes(StandardCharsets.UTF_8));
                        if (r.getCode() != ResponseCode.SUCCESS) {
                            error("send failed: " + r.getCode() + " " + r.getRemark());
                            continue;
                        }
                        sent++;
                        success();
                    }
                    RemotingCommand p = client.pop(GROUP, TOPIC, 32, 60_000, 100);
                    if (p.getCode() == BrokerResponseCode.PULL_NOT_FOUND) {
                        success();
                        continue;
                    }
                    if (p.getCode() != ResponseCode.SUCCESS) {
                        error("pop failed: " + p.getCode() + " " + p.getRemark());
                        continue;
                    }
                    success();
                    List<String> receipts = new ArrayList<>();
                    for (WireMessage m : BrokerClient.messages(p)) {
                        String body = new String(m.body(), StandardCharsets.UTF_8);
                        if (outstanding.remove(body) == null) {
                            error("unexpected or duplicate delivery: " + body);
                        }
                        receipts.add(m.receiptHandle());
                    }
                    if (!receipts.isEmpty()) {
                        RemotingCommand a = client.ack(GROUP, TOPIC, receipts);
                        if (a.getCode() != ResponseCode.SUCCESS) {
                            error("ack failed: " + a.getCode() + " " + a.getRemark());
                            continue;
                        }
                        received += receipts.size();
                        success();
                    }
                } catch (Exception e) {
                    error(e.toString());
                }
            }
        }

        private void success() {
            long now = System.nanoTime();
            maxGapNanos = Math.max(maxGapNanos, now - lastSuccessNanos);
            lastSuccessNanos = now;
            successes++;
        }

        private void error(String what) {
            LOG.error("good client: {}", what);
            errors.add(what);
        }

        void awaitSuccesses(long n, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (successes < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(successes >= n, "the good client made no progress before the abuse: " + errors);
        }

        void resetGapWatch() {
            lastSuccessNanos = System.nanoTime();
            maxGapNanos = 0;
        }

        long maxGapMillis() {
            return Math.max(maxGapNanos, System.nanoTime() - lastSuccessNanos) / 1_000_000;
        }

        long successCount() {
            return successes;
        }

        long sentCount() {
            return sent;
        }

        long errorCount() {
            return errors.size();
        }

        List<String> errors() {
            synchronized (errors) {
                return new ArrayList<>(errors);
            }
        }

        /** Stops sending, keeps popping until everything sent was received, then stops; returns received. */
        long stopAndDrain(long timeoutMillis) throws InterruptedException {
            sending = false;
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (received < sent && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            running = false;
            thread.join(15_000);
            return received;
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        }
    }
}
