package org.rocketjms.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many clients at once: {@code -Dabuse.connections} concurrent connections (100 by default, 1,000 with
 * {@code -Ptorture}) holding {@code -Dabuse.consumers} listener consumers between them (1,000 / 10,000), half on one
 * queue, half non-durable subscribers of one topic. Every queue message must reach exactly one consumer, every topic
 * message every subscriber, a fresh client must still be served promptly, and once all connections are closed the
 * broker's heap after GC must be back near where it was (no per-client state left behind).
 */
class ManyClientsIT {
    private static final Logger LOG = LoggerFactory.getLogger(ManyClientsIT.class);

    @TempDir
    Path dir;

    @Test
    void manyConnectionsAndConsumersAreServedAndLeaveNothingBehind() throws Exception {
        int connections = Integer.getInteger("abuse.connections", 100);
        int consumers = Integer.getInteger("abuse.consumers", 1_000);
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), "-Xmx512m",
                List.of("mappedFileSizeCommitLog=67108864", "consumerLostTimeoutMillis=5000"))) {
            RocketConnectionFactory cf = new RocketConnectionFactory(broker.url());
            cf.setPrefetch(4);
            roundTrip(cf, "warmup");
            long heapIdle = broker.heapUsedAfterGc();
            // two identical rounds: the first warms the broker's buffer pools, the second must not need more heap
            long heapAfterFirst = round(1, broker, cf, connections, consumers);
            long heapAfterSecond = round(2, broker, cf, connections, consumers);
            LOG.info("broker heap after GC: {} KiB idle, {} KiB after round 1 closed, {} KiB after round 2 closed",
                    heapIdle >> 10, heapAfterFirst >> 10, heapAfterSecond >> 10);
            assertTrue(heapIdle >= 0 && heapAfterFirst >= 0 && heapAfterSecond >= 0, "could not read the broker heap");
            assertTrue(heapAfterSecond - heapAfterFirst < 16L << 20, "broker heap grew over an identical round: "
                    + (heapAfterFirst >> 10) + " KiB -> " + (heapAfterSecond >> 10) + " KiB\n" + broker.histogram(20));
            assertTrue(broker.isAlive());
            roundTrip(cf, "after");
        }
    }

    /** Opens the clients, delivers through them, closes them; returns the broker heap after GC once they are gone. */
    private long round(int round, BrokerProcess broker, RocketConnectionFactory cf, int connections, int consumers)
            throws Exception {
        int perConnection = Math.max(1, consumers / connections);
        int queueMessages = 500;
        int topicMessages = 3;
        Map<String, AtomicInteger> queueDeliveries = new ConcurrentHashMap<>();
        AtomicLong topicDeliveries = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Connection> open = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger queueConsumers = new AtomicInteger();
        AtomicInteger topicConsumers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ThreadMXBean jvmThreads = ManagementFactory.getThreadMXBean();
        int clientThreadsBefore = jvmThreads.getThreadCount();
        jvmThreads.resetPeakThreadCount();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int index = i;
                fs.add(pool.submit(() -> {
                    Connection c = cf.createConnection();
                    open.add(c);
                    c.setExceptionListener(e -> errors.add("connection " + index + ": " + e));
                    for (int k = 0; k < perConnection; k++) {
                        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        boolean onQueue = (index * perConnection + k) % 2 == 0;
                        MessageConsumer mc = onQueue ? s.createConsumer(s.createQueue("many.q"))
                                : s.createConsumer(s.createTopic("many.t"));
                        (onQueue ? queueConsumers : topicConsumers).incrementAndGet();
                        mc.setMessageListener(m -> {
                            try {
                                String body = ((TextMessage) m).getText();
                                if (onQueue) {
                                    queueDeliveries.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                                } else {
                                    topicDeliveries.incrementAndGet();
                                }
                            } catch (JMSException e) {
                                errors.add(e.toString());
                            }
                        });
                    }
                    c.start();
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown();
        }
        long openMillis = (System.nanoTime() - t0) / 1_000_000;
        int clientThreadsOpen = jvmThreads.getThreadCount();
        long heapOpen = broker.heapUsedAfterGc();
        int brokerThreads = threads(broker.pid());
        long freshMillis = roundTrip(cf, "fresh-" + round);

        long s0 = System.nanoTime();
        try (Connection pc = cf.createConnection()) {
            Session s = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(null);
            Queue q = s.createQueue("many.q");
            Topic t = s.createTopic("many.t");
            for (int i = 0; i < topicMessages; i++) {
                p.send(t, s.createTextMessage("r" + round + "-t-" + i));
            }
            for (int i = 0; i < queueMessages; i++) {
                p.send(q, s.createTextMessage("r" + round + "-q-" + i));
            }
        }
        long expectedTopic = (long) topicConsumers.get() * topicMessages;
        long deadline = System.currentTimeMillis() + 300_000;
        while ((queueDeliveries.size() < queueMessages || topicDeliveries.get() < expectedTopic)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        long deliverMillis = (System.nanoTime() - s0) / 1_000_000;
        Thread.sleep(1_000); // duplicates would show up now
        int clientThreadsPeak = jvmThreads.getPeakThreadCount();

        long c0 = System.nanoTime();
        closeAll(open);
        long closeMillis = (System.nanoTime() - c0) / 1_000_000;
        Thread.sleep(1_000);
        long heapClosed = broker.heapUsedAfterGc();
        int clientThreadsClosed = jvmThreads.getThreadCount();
        LOG.info("round {}: {} connections with {} consumers ({} on the queue, {} topic subscribers) opened in {} ms; "
                        + "broker {} threads, heap after GC {} KiB with all clients, {} KiB after they closed (closing "
                        + "took {} ms); a fresh client's round trip took {} ms meanwhile; {} queue and {} topic messages "
                        + "delivered ({} topic deliveries) in {} ms; test JVM threads: {} before, {} with all clients "
                        + "open, peak {}, {} after closing", round, connections,
                queueConsumers.get() + topicConsumers.get(), queueConsumers.get(), topicConsumers.get(), openMillis,
                brokerThreads, heapOpen >> 10, heapClosed >> 10, closeMillis, freshMillis, queueMessages,
                topicMessages, topicDeliveries.get(), deliverMillis, clientThreadsBefore, clientThreadsOpen,
                clientThreadsPeak, clientThreadsClosed);

        assertEquals(List.of(), errors);
        assertEquals(queueMessages, queueDeliveries.size(), "every queue message delivered");
        List<String> dup = queueDeliveries.entrySet().stream().filter(e -> e.getValue().get() != 1)
                .map(e -> e.getKey() + "x" + e.getValue()).toList();
        assertEquals(List.of(), dup, "queue messages delivered more than once");
        assertEquals(expectedTopic, topicDeliveries.get(), "every subscriber got every topic message once");
        assertTrue(freshMillis < 10_000, "a fresh client waited " + freshMillis + " ms");
        // connections and consumers own no threads (shared event loops, timer and worker pool): far fewer than one
        // thread per consumer while they are open and idle
        assertTrue(clientThreadsOpen - clientThreadsBefore < consumers, "opening " + connections + " connections with "
                + consumers + " consumers took the test JVM from " + clientThreadsBefore + " to " + clientThreadsOpen
                + " threads");
        return heapClosed;
    }

    private static void closeAll(List<Connection> open) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Connection c : open) {
            pool.submit(() -> {
                c.close();
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES), "closing the connections took over 10 minutes");
    }

    /** Sends one message to a queue of its own and receives it; returns the milliseconds it took. */
    private static long roundTrip(RocketConnectionFactory cf, String queue) throws JMSException {
        long t0 = System.nanoTime();
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("rt." + queue);
            s.createProducer(q).send(s.createTextMessage(queue));
            c.start();
            TextMessage m = (TextMessage) s.createConsumer(q).receive(30_000);
            assertNotNull(m, "round trip " + queue);
            assertEquals(queue, m.getText());
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Threads of a process (Linux /proc), -1 elsewhere. */
    private static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            LOG.debug("no thread count for {}: {}", pid, e.toString());
        }
        return -1;
    }
}
