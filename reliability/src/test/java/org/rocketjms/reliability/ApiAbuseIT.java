package org.rocketjms.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Abuse through the JMS API against one {@code bin/rocketjms standalone} child JVM: messages above the size limits,
 * invalid destination names, and a slow consumer under fast producers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAbuseIT {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAbuseIT.class);
    private static final int MAX_MESSAGE_SIZE = 1 << 20;

    private BrokerProcess broker;
    private RocketConnectionFactory cf;

    @BeforeAll
    void startBroker(@TempDir Path dir) throws Exception {
        broker = BrokerProcess.start(dir.resolve("data"), "-Xmx256m", List.of("mappedFileSizeCommitLog=134217728",
                "maxMessageSize=" + MAX_MESSAGE_SIZE));
        cf = new RocketConnectionFactory(broker.url());
        cf.setSendTimeout(10_000);
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    // ------------------------------------------------------------------------------------------------ size limits

    @Test
    void messageAboveMaxMessageSizeIsRefusedNamingTheLimitAndTheConnectionLivesOn() throws Exception {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("abuse.size");
            MessageProducer p = s.createProducer(q);
            BytesMessage big = s.createBytesMessage();
            big.writeBytes(new byte[MAX_MESSAGE_SIZE + 1]);
            JMSException e = assertThrows(JMSException.class, () -> p.send(big));
            LOG.info("send of {} bytes (maxMessageSize {}): {}", MAX_MESSAGE_SIZE + 1, MAX_MESSAGE_SIZE, e.toString());
            assertTrue(e.getMessage().contains("maxMessageSize") && e.getMessage().contains(
                    String.valueOf(MAX_MESSAGE_SIZE)), "the error names the setting and its value: " + e.getMessage());

            // the same connection and producer keep working, and nothing of the refused message is stored
            p.send(s.createTextMessage("after"));
            c.start();
            MessageConsumer mc = s.createConsumer(q);
            TextMessage m = (TextMessage) mc.receive(10_000);
            assertNotNull(m);
            assertEquals("after", m.getText());
            assertNull(mc.receive(500));
        }
    }

    @Test
    void messageAboveTheFrameLimitIsRefusedByTheClientNamingTheLimit() throws Exception {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("abuse.frame");
            MessageProducer p = s.createProducer(q);
            BytesMessage huge = s.createBytesMessage();
            huge.writeBytes(new byte[17 << 20]);
            long t0 = System.nanoTime();
            JMSException e = assertThrows(JMSException.class, () -> p.send(huge));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("send of 17 MiB: {} after {} ms", e.toString(), millis);
            assertTrue(e.getMessage().contains(String.valueOf(16 << 20)), "the error names the 16 MiB frame limit: "
                    + e.getMessage());
            assertTrue(millis < 5_000, "refused at once, not after a timeout: " + millis + " ms");
            assertTrue(e.getMessage().contains("was not sent") && !e.getMessage().contains("attempt"),
                    "refused once by the client, not retried as if the broker had failed: " + e.getMessage());
            p.send(s.createTextMessage("after"));
            c.start();
            TextMessage m = (TextMessage) s.createConsumer(q).receive(10_000);
            assertNotNull(m);
            assertEquals("after", m.getText());
        }
    }

    // ------------------------------------------------------------------------------------------------ names

    @Test
    void invalidDestinationNamesAreRefusedWithTheRule() throws Exception {
        List<String> bad = List.of("", "x".repeat(200), "has space", "slash/name", "ünïcödé", "star*", "tab\tname",
                "question?");
        try (Connection c = cf.createConnection(); JMSContext ctx = cf.createContext()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String name : bad) {
                InvalidDestinationException q = assertThrows(InvalidDestinationException.class,
                        () -> s.createQueue(name), "queue '" + name + "'");
                assertTrue(q.getMessage().contains(name.isEmpty() ? "empty" : "1-127 characters"), q.getMessage());
                InvalidDestinationException t = assertThrows(InvalidDestinationException.class,
                        () -> s.createTopic(name), "topic '" + name + "'");
                assertTrue(t.getMessage().contains(name.isEmpty() ? "empty" : "1-127 characters"), t.getMessage());
                InvalidDestinationRuntimeException r = assertThrows(InvalidDestinationRuntimeException.class,
                        () -> ctx.createQueue(name), "JMSContext queue '" + name + "'");
                assertTrue(r.getMessage().contains(name.isEmpty() ? "empty" : "1-127 characters"), r.getMessage());
            }
            assertThrows(InvalidDestinationException.class, () -> s.createQueue(null));
            // a name at the limit works end to end (the rule counts the %Q% prefix RocketJMS adds)
            Queue longest = s.createQueue("L".repeat(124));
            s.createProducer(longest).send(s.createTextMessage("longest"));
            c.start();
            Message m = s.createConsumer(longest).receive(10_000);
            assertNotNull(m);
        }
    }

    // ------------------------------------------------------------------------------------------------ slow consumer

    /**
     * A consumer that took one message and then stopped reading must not hoard the backlog: fast producers fill the
     * queue, a second consumer started later gets everything except what the slow one's prefetch (set to 10) holds,
     * and the broker's heap (after GC, measured after a warm-up) does not grow with the backlog, which lives in the
     * memory-mapped commit log. Default: 1,200 x 32 KiB (37.5 MiB); {@code -Ptorture}: 50,000 x 1 KiB.
     */
    @Test
    void slowConsumerNeitherHoardsTheBacklogNorGrowsTheBrokerHeap() throws Exception {
        int producers = 4;
        int total = Integer.getInteger("abuse.backlog.count", 1_200) / producers * producers;
        byte[] body = new byte[Integer.getInteger("abuse.backlog.bytes", 32 * 1024)];
        int slowPrefetch = 10;
        sendAndDrain("abuse.warmup", 200, body); // warm the broker's buffers and code paths before the baseline
        long heapBefore = broker.heapUsedAfterGc();
        RocketConnectionFactory slowCf = new RocketConnectionFactory(broker.url());
        slowCf.setPrefetch(slowPrefetch);
        try (Connection slowConn = slowCf.createConnection(); Connection fastConn = cf.createConnection()) {
            Session slowSession = slowConn.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = slowSession.createQueue("abuse.backlog");
            MessageConsumer slow = slowSession.createConsumer(q);
            slowConn.start();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            for (int i = 0; i < producers; i++) {
                Thread t = new Thread(() -> {
                    try (Connection pc = cf.createConnection()) {
                        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        MessageProducer p = ps.createProducer(q);
                        for (int n = 0; n < total / producers; n++) {
                            BytesMessage m = ps.createBytesMessage();
                            m.writeBytes(body);
                            p.send(m);
                        }
                    } catch (JMSException | RuntimeException e) {
                        errors.add(e);
                    }
                }, "fast-producer-" + i);
                t.start();
                threads.add(t);
            }
            Message first = slow.receive(30_000);
            assertNotNull(first, "the slow consumer got its first message");
            for (Thread t : threads) {
                t.join(600_000);
            }
            long sendMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(), errors, "producers failed");
            long heapWithBacklog = broker.heapUsedAfterGc();

            Session fastSession = fastConn.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer fast = fastSession.createConsumer(q);
            fastConn.start();
            int got = 0;
            long d0 = System.nanoTime();
            while (fast.receive(got < total - 100 ? 10_000 : 2_000) != null) {
                got++;
            }
            long drainMillis = (System.nanoTime() - d0) / 1_000_000;
            long backlogBytes = (long) total * body.length;
            LOG.info("backlog: {} x {} B ({} MiB) sent by {} producers in {} ms; the slow consumer (prefetch {}) "
                            + "holds {} besides the one it read; the late consumer drained {} in {} ms; broker heap "
                            + "after GC {} KiB before, {} KiB with the backlog", total, body.length, backlogBytes >> 20,
                    producers, sendMillis, slowPrefetch, total - got - 1, got, drainMillis, heapBefore >> 10,
                    heapWithBacklog >> 10);
            assertTrue(total - got - 1 <= slowPrefetch, "the slow consumer hoards " + (total - got - 1)
                    + " messages, more than its prefetch of " + slowPrefetch);
            assertTrue(heapBefore >= 0 && heapWithBacklog >= 0, "could not read the broker heap with jcmd");
            assertTrue(heapWithBacklog - heapBefore < Math.min(16L << 20, backlogBytes / 2), "broker heap grew with a "
                    + (backlogBytes >> 20) + " MiB backlog: " + (heapBefore >> 10) + " KiB -> "
                    + (heapWithBacklog >> 10) + " KiB\n" + broker.histogram(20));
        }
    }

    private void sendAndDrain(String queue, int n, byte[] body) throws JMSException {
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(queue);
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < n; i++) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(body);
                p.send(m);
            }
            c.start();
            MessageConsumer mc = s.createConsumer(q);
            for (int i = 0; i < n; i++) {
                assertNotNull(mc.receive(10_000), "warm-up message " + i);
            }
        }
    }
}
