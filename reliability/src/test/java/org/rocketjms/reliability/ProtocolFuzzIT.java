package org.rocketjms.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.RemotingCommandCodec;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protocol fuzz: {@code -Dfuzz.frames} (30,000 by default, 1,000,000 with {@code -Ptorture}) random and mutated frames
 * over many raw connections to the broker and name-server ports of a {@code bin/rocketjms standalone} child JVM with
 * a 128 MiB heap, while a well-behaved JMS client sends and receives on its own queue. Each connection carries 1-64
 * frames: valid requests (known codes with random fields), and mutations of them (flipped bits, wrong frame or
 * header lengths, unknown codes, huge extension maps, truncated bodies, random bytes). Checked: every connection is
 * answered or closed by the server once our side ends (never left hanging), the JMS client sees no error and gets
 * every message exactly once, the broker JVM stays alive with its heap after GC not grown by more than 32 MiB, and the
 * broker log names the connections it closed (remote address and reason).
 */
class ProtocolFuzzIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolFuzzIT.class);
    private static final int THREADS = 6;
    private static final long SERVER_CLOSE_TIMEOUT_MILLIS = 15_000;
    private static final long MAX_HEAP_GROWTH = 32L << 20;
    private static final String JAVA_OPTS = "-Xmx128m -XX:MaxDirectMemorySize=256m";
    private static final int[] KNOWN_CODES = {
        BrokerRequestCode.SEND_MESSAGE, BrokerRequestCode.SEND_BATCH_MESSAGE, BrokerRequestCode.PULL_MESSAGE,
        BrokerRequestCode.POP_MESSAGE, BrokerRequestCode.ACK_MESSAGE, BrokerRequestCode.CHANGE_INVISIBLE_TIME,
        BrokerRequestCode.HEARTBEAT, BrokerRequestCode.UNREGISTER_CLIENT, BrokerRequestCode.QUERY_CONSUMER_OFFSET,
        BrokerRequestCode.UPDATE_CONSUMER_OFFSET, BrokerRequestCode.GET_MIN_OFFSET, BrokerRequestCode.GET_MAX_OFFSET,
        BrokerRequestCode.SEARCH_OFFSET_BY_TIMESTAMP, BrokerRequestCode.QUERY_MESSAGE,
        BrokerRequestCode.VIEW_MESSAGE_BY_OFFSET, BrokerRequestCode.GET_TOPIC_CONFIG,
        BrokerRequestCode.CLAIM_CLIENT_ID, BrokerRequestCode.RELEASE_CLIENT_ID, BrokerRequestCode.AUTHENTICATE,
        BrokerRequestCode.END_TRANSACTION,
        NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC, NamesrvRequestCode.GET_BROKER_CLUSTER_INFO,
        NamesrvRequestCode.GET_ALL_TOPIC_LIST, NamesrvRequestCode.UNREGISTER_BROKER};
    private static final String[] FIELD_NAMES = {"topic", "queueId", "group", "consumerGroup", "producerGroup",
        "maxMsgNums", "queueOffset", "commitOffset", "invisibleTime", "pollTime", "bornTimestamp", "flag",
        "clientId", "receiptHandle", "extraInfo", "brokerName", "clusterName", "brokerAddr", "transactionId",
        "properties", "timestamp", "offset", "key", "user", "password", "sysFlag", "tranStateTableOffset"};

    @TempDir
    Path dir;

    private final Map<String, AtomicLong> kinds = new ConcurrentSkipListMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    /** {@code "127.0.0.1:<our port>: frame length <n>"} of connections the server must have logged. */
    private final Set<String> mustBeLogged = ConcurrentHashMap.newKeySet();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    @Test
    void mutatedFramesNeverHurtAWellBehavedClient() throws Exception {
        long target = Long.getLong("fuzz.frames", 30_000);
        Path data = dir.resolve("data");
        try (BrokerProcess broker = BrokerProcess.start(data, JAVA_OPTS,
                List.of("mappedFileSizeCommitLog=67108864", "mappedFileSizeConsumeQueue=1200000"));
             GoodJmsClient good = new GoodJmsClient(broker.url())) {
            good.start();
            good.awaitProgress(50, 30_000);
            fuzz(broker, 2_000, 1); // warm up every code path once before the heap baseline
            long heapBefore = broker.heapUsedAfterGc();
            long t0 = System.nanoTime();
            fuzz(broker, target, 2);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long heapAfter = broker.heapUsedAfterGc();
            LOG.info("fuzz: {} frames ({} MiB) over {} connections in {} ms ({} frames/s); broker heap after GC "
                            + "{} KiB before, {} KiB after; good client {} round trips; kinds {}", frames.get(),
                    bytes.get() >> 20, connections.get(), millis, frames.get() * 1000 / Math.max(1, millis),
                    heapBefore >> 10, heapAfter >> 10, good.roundTrips(), kinds);

            assertTrue(failures.isEmpty(), failures.size() + " connections misbehaved, e.g. "
                    + failures.subList(0, Math.min(10, failures.size())));
            assertTrue(frames.get() >= target, "sent only " + frames.get() + " frames");
            assertTrue(broker.isAlive(), "the broker died; output:\n" + broker.output());
            assertFalse(broker.output().contains("OutOfMemoryError"), broker.output());
            if (heapBefore >= 0 && heapAfter >= 0) {
                assertTrue(heapAfter - heapBefore < MAX_HEAP_GROWTH, "broker heap after GC grew from "
                        + (heapBefore >> 10) + " KiB to " + (heapAfter >> 10) + " KiB");
            }
            long received = good.stopAndDrain(30_000);
            assertEquals(List.of(), good.errors(), "the well-behaved JMS client saw errors");
            assertEquals(good.sent(), received, "the good client got back every message it sent, exactly once");
            assertTrue(good.roundTrips() >= 100, "the good client made little progress: " + good.roundTrips());
            assertLogged(broker.logFile());
        }
    }

    private static final Pattern CLOSED_LINE = Pattern.compile(
            "Closing connection from /?(127\\.0\\.0\\.1:\\d+: frame length \\d+) exceeds");

    /** Checks the broker's log (the current file and any rolled, gzipped ones) names every connection it had to close. */
    private void assertLogged(Path log) throws IOException {
        assertTrue(!mustBeLogged.isEmpty(), "no oversized-length frame was sent");
        Set<String> named = new HashSet<>();
        boolean malformed = false;
        boolean unknown = false;
        List<Path> files = new ArrayList<>();
        try (var list = Files.list(log.getParent())) {
            list.filter(p -> p.getFileName().toString().startsWith("rocketjms")).forEach(files::add);
        }
        for (Path f : files) {
            InputStream raw = Files.newInputStream(f);
            InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = CLOSED_LINE.matcher(line);
                    if (m.find()) {
                        named.add(m.group(1));
                    }
                    malformed |= line.contains("Closing connection from") && line.contains("malformed frame");
                    unknown |= line.contains("is not supported");
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String s : mustBeLogged) {
            if (!named.contains(s)) {
                missing.add(s);
            }
        }
        LOG.info("broker log ({} files) names {} of {} connections closed for an oversized frame length", files.size(),
                mustBeLogged.size() - missing.size(), mustBeLogged.size());
        assertTrue(missing.isEmpty(), missing.size() + " closed connections not named in " + files + ", e.g. "
                + missing.subList(0, Math.min(5, missing.size())));
        assertTrue(malformed, "the log names a connection closed for a malformed frame");
        assertTrue(unknown, "the log names unknown request codes");
    }

    private void fuzz(BrokerProcess broker, long target, long seed) throws Exception {
        long start = frames.get();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random rnd = new Random(seed * 1000 + t);
                fs.add(pool.submit(() -> {
                    while (frames.get() - start < target && failures.size() < 20) {
                        boolean toBroker = rnd.nextInt(10) < 7;
                        oneConnection(toBroker ? broker.brokerPort() : broker.namesrvPort(), rnd);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ one connection

    private void oneConnection(int port, Random rnd) {
        int n = 1 + rnd.nextInt(64);
        ByteBuf out = Unpooled.buffer(4096);
        List<String> logNames = new ArrayList<>();
        int written = 0;
        boolean desynced = false;
        for (int i = 0; i < n && !desynced; i++) {
            int choice = rnd.nextInt(100);
            byte[] valid = validFrame(rnd);
            String kind;
            if (choice < 70) {
                kind = "valid";
                out.writeBytes(valid);
            } else if (choice < 80) {
                kind = "flipped bits";
                for (int f = 1 + rnd.nextInt(3); f > 0; f--) {
                    int bit = rnd.nextInt(valid.length * 8);
                    valid[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                out.writeBytes(valid);
                desynced = true; // a flip in a length field shifts every later frame
            } else if (choice < 86) {
                kind = "unknown code";
                ByteBuffer.wrap(valid).putInt(8, 1000 + rnd.nextInt(1_000_000));
                out.writeBytes(valid);
            } else if (choice < 90) {
                kind = "oversized frame length";
                int length = RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH + 1
                        + rnd.nextInt(Integer.MAX_VALUE - RemotingCommandCodec.DEFAULT_MAX_FRAME_LENGTH - 1);
                out.writeInt(length);
                out.writeBytes(valid, 4, valid.length - 4);
                logNames.add(": frame length " + length);
                desynced = true;
            } else if (choice < 93) {
                kind = "wrong header length";
                ByteBuffer.wrap(valid).putInt(4, rnd.nextBoolean() ? -1 - rnd.nextInt(1000) : valid.length + rnd.nextInt(1000));
                out.writeBytes(valid);
                desynced = true;
            } else if (choice < 96) {
                kind = "huge ext map";
                out.writeBytes(hugeExtMap(rnd));
                desynced = true;
            } else if (choice < 98) {
                kind = "truncated";
                out.writeBytes(valid, 0, 1 + rnd.nextInt(valid.length - 1));
                desynced = true;
            } else {
                kind = "random bytes";
                byte[] garbage = new byte[1 + rnd.nextInt(512)];
                rnd.nextBytes(garbage);
                out.writeBytes(garbage);
                desynced = true;
            }
            kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            written++;
        }
        byte[] payload = new byte[out.readableBytes()];
        out.readBytes(payload);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoLinger(true, 0); // no TIME_WAIT: a million frames need many connections
            String local = "127.0.0.1:" + s.getLocalPort();
            for (String l : logNames) {
                mustBeLogged.add(local + l);
            }
            OutputStream os = s.getOutputStream();
            InputStream is = s.getInputStream();
            try {
                os.write(payload);
                os.flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                // the server closed the connection while we were still writing (it rejected an earlier frame)
                kinds.computeIfAbsent("closed while writing", k -> new AtomicLong()).incrementAndGet();
            }
            if (!awaitClose(s, is)) {
                failures.add("connection " + local + " to port " + port + " neither closed nor ended within "
                        + SERVER_CLOSE_TIMEOUT_MILLIS + " ms after our end of stream (" + written + " frames)");
            }
        } catch (IOException e) {
            failures.add("connection to port " + port + ": " + e);
        }
        frames.addAndGet(written);
        bytes.addAndGet(payload.length);
        connections.incrementAndGet();
    }

    /** Reads (and discards) whatever the server answers until it closes the connection. */
    private static boolean awaitClose(Socket s, InputStream is) throws IOException {
        long deadline = System.nanoTime() + SERVER_CLOSE_TIMEOUT_MILLIS * 1_000_000L;
        byte[] buf = new byte[16384];
        while (System.nanoTime() < deadline) {
            s.setSoTimeout(200);
            try {
                if (is.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (SocketException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    /** A well-formed request of a known code with random fields (only the fuzzer's own topics and groups). */
    private static byte[] validFrame(Random rnd) {
        RemotingCommand cmd = RemotingCommand.createRequest(KNOWN_CODES[rnd.nextInt(KNOWN_CODES.length)]);
        int fields = rnd.nextInt(6);
        for (int f = 0; f < fields; f++) {
            String key = FIELD_NAMES[rnd.nextInt(FIELD_NAMES.length)];
            String value = switch (rnd.nextInt(4)) {
                case 0 -> "fuzz-" + rnd.nextInt(8);
                case 1 -> Long.toString(rnd.nextLong() % 1000);
                case 2 -> Integer.toString(rnd.nextInt());
                default -> "";
            };
            cmd.addExtField(key, value);
        }
        if (rnd.nextBoolean()) {
            byte[] body = new byte[rnd.nextInt(200)];
            rnd.nextBytes(body);
            cmd.setBody(body);
        }
        if (rnd.nextInt(8) == 0) {
            cmd.setRemark("fuzz remark " + rnd.nextInt());
        }
        cmd.setOpaque(rnd.nextInt());
        if (rnd.nextInt(10) == 0) {
            cmd.markOneway();
        }
        ByteBuf buf = Unpooled.buffer(RemotingCommandCodec.estimateFrameLength(cmd));
        try {
            RemotingCommandCodec.encode(cmd, buf);
        } catch (RemotingCommandException e) {
            throw new IllegalStateException(e);
        }
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /**
     * A frame whose header claims a huge number of ext fields (up to {@code Integer.MAX_VALUE}) or really carries
     * the maximum of 1024 fields with values of up to 1 KiB each.
     */
    private static byte[] hugeExtMap(Random rnd) {
        boolean real = rnd.nextBoolean();
        int count = real ? RemotingCommandCodec.MAX_EXT_FIELDS + (rnd.nextInt(4) == 0 ? 1 : 0)
                : RemotingCommandCodec.MAX_EXT_FIELDS + 1 + rnd.nextInt(Integer.MAX_VALUE - 2000);
        ByteBuf h = Unpooled.buffer();
        h.writeInt(BrokerRequestCode.SEND_MESSAGE);
        h.writeInt(RemotingCommand.CURRENT_VERSION);
        h.writeInt(rnd.nextInt());
        h.writeInt(0);
        h.writeInt(RemotingCommandCodec.NULL_LENGTH);
        h.writeInt(count);
        int present = real ? Math.min(count, RemotingCommandCodec.MAX_EXT_FIELDS) : 1 + rnd.nextInt(4);
        byte[] value = new byte[real ? rnd.nextInt(1024) : 8];
        Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < present; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
            h.writeShort(key.length).writeBytes(key);
            h.writeInt(value.length).writeBytes(value);
        }
        int headerLength = h.readableBytes();
        ByteBuf frame = Unpooled.buffer(8 + headerLength);
        frame.writeInt(4 + headerLength).writeInt(headerLength).writeBytes(h);
        byte[] out = new byte[frame.readableBytes()];
        frame.readBytes(out);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ good client

    /** Sends a numbered text message and receives whatever is there, over and over; any exception is an error. */
    private static final class GoodJmsClient implements AutoCloseable {
        private final Connection connection;
        private final Thread thread;
        private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean sending = true;
        private volatile boolean running = true;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong roundTrips = new AtomicLong();
        private final Session session;
        private final MessageProducer producer;
        private final MessageConsumer consumer;

        GoodJmsClient(String url) throws JMSException {
            RocketConnectionFactory cf = new RocketConnectionFactory(url);
            connection = cf.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue("fuzz.good"));
            consumer = session.createConsumer(session.createQueue("fuzz.good"));
            connection.start();
            thread = new Thread(this::loop, "good-jms-client");
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
                        outstanding.add(body);
                        producer.send(session.createTextMessage(body));
                        sent.incrementAndGet();
                    }
                    TextMessage m = (TextMessage) consumer.receive(sending ? 50 : 200);
                    if (m != null) {
                        if (!outstanding.remove(m.getText())) {
                            errors.add("unexpected or duplicate delivery: " + m.getText());
                        }
                        received.incrementAndGet();
                    }
                    roundTrips.incrementAndGet();
                } catch (JMSException | RuntimeException e) {
                    LOG.error("good client error", e);
                    errors.add(e.toString());
                }
            }
        }

        void awaitProgress(long n, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (roundTrips.get() < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(roundTrips.get() >= n, "the good client made no progress before the fuzz: " + errors);
        }

        long roundTrips() {
            return roundTrips.get();
        }

        long sent() {
            return sent.get();
        }

        List<String> errors() {
            synchronized (errors) {
                return new ArrayList<>(errors);
            }
        }

        long stopAndDrain(long timeoutMillis) throws InterruptedException {
            sending = false;
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (received.get() < sent.get() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500); // a duplicate would arrive now
            running = false;
            thread.join(10_000);
            return received.get();
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join(10_000);
            connection.close();
        }
    }
}
