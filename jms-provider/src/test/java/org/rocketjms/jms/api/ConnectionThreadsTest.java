package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.client.internal.ClientExecutors;

/**
 * The client threading model: connections and consumers own no threads (shared event loops, timer and worker pool),
 * and closing every connection releases all of it, so the JVM's live thread count returns to where it was. The
 * in-process broker's fixed request pools are not counted: they start threads on demand up to their configured size
 * (which the warm-up need not reach; pops run on the I/O threads and use the pull pool only for some wake-ups) and
 * keep them, whatever the number of connections.
 */
class ConnectionThreadsTest extends JmsTestBase {
    private static final int CONNECTIONS = 200;
    private static final java.util.regex.Pattern BROKER_POOL = java.util.regex.Pattern.compile(
            "(SendMessage|PullMessage|AckMessage|AdminBroker|EndTransaction)Thread-\\d+");

    @Test
    void twoHundredConnectionsWithListenersCostFewThreadsAndLeaveNoneBehind() throws Exception {
        // warm up the broker's own pools and Netty's global helpers so the baseline holds them
        openUseAndClose(10, "warm");
        long baseline = settledThreadCount(0);
        assertEquals(0, ClientExecutors.referenceCount(), "no client holds the shared executors after the warm-up");

        List<Connection> open = new ArrayList<>();
        Set<String> got = ConcurrentHashMap.newKeySet();
        CountDownLatch queueLatch = new CountDownLatch(CONNECTIONS);
        CountDownLatch topicLatch = new CountDownLatch(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            Connection c = factory.createConnection();
            open.add(c);
            Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s1.createConsumer(s1.createQueue("threads.q")).setMessageListener(m -> {
                got.add(text(m));
                queueLatch.countDown();
            });
            Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s2.createConsumer(s2.createTopic("threads.t")).setMessageListener(m -> topicLatch.countDown());
            c.start();
        }
        int withAll = liveThreads();
        try (Connection pc = factory.createConnection()) {
            Session s = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(null);
            Queue q = s.createQueue("threads.q");
            Topic t = s.createTopic("threads.t");
            p.send(t, s.createTextMessage("t"));
            for (int i = 0; i < CONNECTIONS; i++) {
                p.send(q, s.createTextMessage("q" + i));
            }
        }
        assertTrue(queueLatch.await(60, TimeUnit.SECONDS), "queue messages left: " + queueLatch.getCount());
        assertTrue(topicLatch.await(60, TimeUnit.SECONDS), "subscribers without the topic message: "
                + topicLatch.getCount());
        assertEquals(CONNECTIONS, got.size());
        // 200 connections with 400 listener consumers: the old model needed over 1,000 threads (a fetch and a
        // dispatch thread per consumer plus an event loop group, scheduler, sweeper and event thread per connection)
        assertTrue(withAll - baseline < 100, "200 open connections with 400 listener consumers added "
                + (withAll - baseline) + " threads:\n" + threadNames());

        for (Connection c : open) {
            c.close();
        }
        long after = settledThreadCount(baseline);
        org.slf4j.LoggerFactory.getLogger(ConnectionThreadsTest.class).info("live threads: {} before, {} with {} "
                + "connections and {} listener consumers open, {} after closing them", baseline, withAll, CONNECTIONS,
                2 * CONNECTIONS, after);
        assertTrue(after <= baseline, "live threads " + after + " after closing every connection, " + baseline
                + " before:\n" + threadNames());
        assertEquals(0, ClientExecutors.referenceCount(), "a closed connection still holds the shared executors");
    }

    @Test
    void listenersOfManySessionsThatBlockOnEachOtherAllRun() throws Exception {
        // more sessions than the shared pool runs at once: each listener waits until all have been entered, which
        // only works if the pool adds threads when its workers are all blocked
        int sessions = ClientExecutors.BASE_WORKERS + 12;
        Connection c = connection();
        CountDownLatch entered = new CountDownLatch(sessions);
        CountDownLatch released = new CountDownLatch(sessions);
        for (int i = 0; i < sessions; i++) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createTopic("block.t")).setMessageListener(m -> {
                entered.countDown();
                try {
                    if (entered.await(30, TimeUnit.SECONDS)) {
                        released.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        c.start();
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ps.createProducer(ps.createTopic("block.t")).send(ps.createTextMessage("all at once"));
        assertTrue(released.await(40, TimeUnit.SECONDS), (sessions - released.getCount()) + " of " + sessions
                + " blocked listeners got through");
    }

    /** Opens {@code n} connections with a consumer each, round-trips a message, closes them. */
    private void openUseAndClose(int n, String name) throws Exception {
        List<Connection> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection c = factory.createConnection();
            cs.add(c);
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(name + i); // a queue each: an open consumer may prefetch what is sent to its queue
            MessageConsumer mc = s.createConsumer(q);
            s.createProducer(q).send(s.createTextMessage(name + i));
            assertNotNull(mc.receive(10_000));
        }
        for (Connection c : cs) {
            c.close();
        }
    }

    /** Waits (up to 30 s) until the live thread count is at most {@code target}, or stable when target is 0. */
    private static long settledThreadCount(long target) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            int now = liveThreads();
            if (target > 0 ? now <= target : now == last) {
                return now;
            }
            last = now;
            Thread.sleep(target > 0 ? 100 : 2_000);
        }
        return liveThreads();
    }

    /** Live threads of this JVM, without the broker's fixed request pools (see class comment); one snapshot. */
    private static int liveThreads() {
        int live = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!BROKER_POOL.matcher(t.getName()).matches()) {
                live++;
            }
        }
        return live;
    }

    private static String text(jakarta.jms.Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String threadNames() {
        TreeMap<String, Integer> byPrefix = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byPrefix.merge(t.getName().replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
        }
        return byPrefix.toString();
    }
}
