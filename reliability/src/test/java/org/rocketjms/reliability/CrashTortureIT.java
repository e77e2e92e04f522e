package org.rocketjms.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.reliability.Ledger.Counter;
import org.rocketjms.reliability.Ledger.SendState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash torture: {@code bin/rocketjms standalone} on one data directory is SIGKILLed at random moments while plain
 * and transacted producers send PERSISTENT messages to a queue and a topic, and CLIENT_ACKNOWLEDGE and transacted
 * consumers take them from the queue and from a durable subscription of the topic; then it is restarted, and so on
 * for {@code -Dtorture.cycles} cycles (3 in the default build, 20 with {@code -Ptorture}). At the end a last broker
 * drains both streams. The {@link Ledger} checks every delivery as it happens and the final counts: no acknowledged
 * send lost, no acked delivery delivered again, no rolled-back or uncommitted transactional send visible, no
 * transaction partly visible, every redelivery of a message the application had seen flagged
 * {@code JMSRedelivered=true}. The broker runs with {@code flushDiskType=SYNC_FLUSH}, under which the README promises
 * that an acknowledged PERSISTENT send survives a crash.
 */
class CrashTortureIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashTortureIT.class);
    private static final String QUEUE_STREAM = "queue";
    private static final String DURABLE_STREAM = "durable";
    private static final String QUEUE = "torture.q";
    private static final String TOPIC = "torture.t";
    private static final String CLIENT_ID = "torture-client";
    private static final String SUBSCRIPTION = "torture-sub";
    private static final List<String> BROKER_SETTINGS = List.of("flushDiskType=SYNC_FLUSH",
            "mappedFileSizeCommitLog=67108864", "mappedFileSizeConsumeQueue=1200000",
            "transactionTimeoutMillis=5000", "consumerLostTimeoutMillis=5000");
    private static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @TempDir
    Path dir;

    private final long seed = Long.getLong("torture.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private volatile boolean running;

    @Test
    void acknowledgedWorkSurvivesRepeatedSigkill() throws Exception {
        int cycles = Integer.getInteger("torture.cycles", 3);
        Ledger ledger = new Ledger(cycles);
        Path data = dir.resolve("data");
        LOG.info("crash torture: {} cycles, seed {} (-Dtorture.seed to repeat the kill moments)", cycles, seed);
        long t0 = System.nanoTime();

        try (BrokerProcess first = BrokerProcess.start(data, JAVA_OPTS, BROKER_SETTINGS)) {
            createDurableSubscription(first.url());
        }
        long[] cycleMillis = new long[cycles + 2];
        for (int cycle = 1; cycle <= cycles; cycle++) {
            long c0 = System.nanoTime();
            BrokerProcess broker = BrokerProcess.start(data, JAVA_OPTS, BROKER_SETTINGS);
            try {
                runCycle(cycle, broker, ledger);
            } finally {
                broker.close();
            }
            cycleMillis[cycle] = (System.nanoTime() - c0) / 1_000_000;
        }

        int drainCycle = cycles + 1;
        long d0 = System.nanoTime();
        try (BrokerProcess last = BrokerProcess.start(data, JAVA_OPTS, BROKER_SETTINGS)) {
            drain(drainCycle, last.url(), ledger);
            assertEquals(143, last.stop(), "the last broker stops cleanly on SIGTERM");
        }
        cycleMillis[drainCycle] = (System.nanoTime() - d0) / 1_000_000;

        long[] lostPerCycle = new long[cycles + 2];
        List<String> lostQueue = ledger.lost(QUEUE_STREAM, lostPerCycle);
        List<String> lostDurable = ledger.lost(DURABLE_STREAM, lostPerCycle);
        List<String> partial = ledger.partlyVisibleTransactions();
        report(ledger, cycles, cycleMillis, lostPerCycle, (System.nanoTime() - t0) / 1_000_000);

        List<String> violations = ledger.violations();
        assertTrue(violations.isEmpty(), violations.size() + " violations, e.g. "
                + violations.subList(0, Math.min(20, violations.size())));
        assertTrue(lostQueue.isEmpty(), lostQueue.size() + " acknowledged sends to the queue lost, e.g. "
                + lostQueue.subList(0, Math.min(20, lostQueue.size())));
        assertTrue(lostDurable.isEmpty(), lostDurable.size() + " acknowledged sends to the topic never reached the "
                + "durable subscription, e.g. " + lostDurable.subList(0, Math.min(20, lostDurable.size())));
        assertTrue(partial.isEmpty(), "transactions partly visible: " + partial);
        long acked = 0;
        long redelivered = 0;
        for (int c = 1; c <= drainCycle; c++) {
            acked += ledger.get(c, Counter.SEND_ACKED);
            redelivered += ledger.get(c, Counter.REDELIVERED);
        }
        assertTrue(acked > 100 * cycles, "the producers made too little progress to mean anything: " + acked);
        assertTrue(redelivered > 0, "no redelivery happened at all, so the redelivery checks were not exercised");
        assertTrue(ledger.transactions(SendState.ACKED) > 0 && ledger.transactions(SendState.ABORTED) > 0,
                "both committed and rolled-back transactions must have happened");
    }

    private static RocketConnectionFactory factory(String url) {
        RocketConnectionFactory cf = new RocketConnectionFactory(url);
        cf.setSendTimeout(3_000);
        return cf;
    }

    private void createDurableSubscription(String url) throws JMSException {
        RocketConnectionFactory cf = factory(url);
        try (Connection c = cf.createConnection()) {
            c.setClientID(CLIENT_ID);
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic(TOPIC), SUBSCRIPTION).close();
        }
    }

    // ------------------------------------------------------------------------------------------------ one cycle

    private void runCycle(int cycle, BrokerProcess broker, Ledger ledger) throws Exception {
        running = true;
        RocketConnectionFactory cf = factory(broker.url());
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<?>> workers = new ArrayList<>();
        try {
            Connection producers = cf.createConnection();
            connections.add(producers);
            Connection consumers = cf.createConnection();
            connections.add(consumers);
            Connection durable = cf.createConnection();
            connections.add(durable);
            durable.setClientID(CLIENT_ID);
            producers.start();
            consumers.start();
            durable.start();
            long seedBase = random.nextLong();
            workers.add(pool.submit(() -> plainProducer(cycle, producers, QUEUE_STREAM, "pq", ledger)));
            workers.add(pool.submit(() -> plainProducer(cycle, producers, DURABLE_STREAM, "pt", ledger)));
            workers.add(pool.submit(() -> transactedProducer(cycle, producers, ledger, new Random(seedBase))));
            workers.add(pool.submit(() -> consumer(cycle, consumers, QUEUE_STREAM, Session.CLIENT_ACKNOWLEDGE,
                    ledger, new Random(seedBase + 1))));
            workers.add(pool.submit(() -> consumer(cycle, consumers, QUEUE_STREAM, Session.SESSION_TRANSACTED,
                    ledger, new Random(seedBase + 2))));
            workers.add(pool.submit(() -> consumer(cycle, durable, DURABLE_STREAM, Session.CLIENT_ACKNOWLEDGE,
                    ledger, new Random(seedBase + 3))));
            long killAfter = 1_500 + random.nextInt(3_000);
            Thread.sleep(killAfter);
            broker.kill();
            LOG.info("cycle {}: broker SIGKILLed after {} ms of load", cycle, killAfter);
        } finally {
            // the workers notice the dead broker through failing calls; give them a moment, then stop them
            Thread.sleep(500);
            running = false;
            for (Future<?> f : workers) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    ledger.violation("cycle " + cycle + ": a worker did not end cleanly: " + e);
                }
            }
            closeQuietly(connections, pool);
        }
    }

    /** Closes the connections to a dead broker in the background: a close must not hold up the next cycle. */
    private static void closeQuietly(List<Connection> connections, ExecutorService pool) {
        for (Connection c : connections) {
            pool.submit(() -> {
                try {
                    c.close();
                } catch (JMSException e) {
                    LOG.debug("closing a connection to the killed broker: {}", e.toString());
                }
                return null;
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("closing connections to the killed broker took longer than 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void plainProducer(int cycle, Connection c, String stream, String tag, Ledger ledger) {
        long seq = 0;
        try {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(QUEUE_STREAM.equals(stream) ? s.createQueue(QUEUE)
                    : s.createTopic(TOPIC));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            while (running) {
                String uid = "c" + cycle + "-" + tag + "-" + seq++;
                TextMessage m = s.createTextMessage(uid);
                m.setStringProperty("uid", uid);
                ledger.sending(uid, cycle, List.of(stream), null);
                try {
                    p.send(m);
                } catch (JMSException e) {
                    ledger.sent(uid, false);
                    LOG.debug("cycle {} {}: send of {} failed: {}", cycle, tag, uid, e.toString());
                    return;
                }
                ledger.sent(uid, true);
            }
        } catch (JMSException e) {
            LOG.debug("cycle {} {}: producer setup failed: {}", cycle, tag, e.toString());
        }
    }

    /** Transactions of 1-4 queue messages and 0-2 topic messages; about every fourth one is rolled back. */
    private void transactedProducer(int cycle, Connection c, Ledger ledger, Random rnd) {
        long txnSeq = 0;
        try {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(null);
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            Queue q = s.createQueue(QUEUE);
            Topic t = s.createTopic(TOPIC);
            while (running) {
                String txn = "c" + cycle + "-tx" + txnSeq++;
                int nq = 1 + rnd.nextInt(4);
                int nt = rnd.nextInt(3);
                try {
                    for (int i = 0; i < nq + nt; i++) {
                        boolean toQueue = i < nq;
                        String uid = txn + "-" + i;
                        TextMessage m = s.createTextMessage(uid);
                        m.setStringProperty("uid", uid);
                        m.setStringProperty("txn", txn);
                        ledger.sending(uid, cycle, List.of(toQueue ? QUEUE_STREAM : DURABLE_STREAM), txn);
                        p.send(toQueue ? q : t, m);
                    }
                } catch (JMSException e) {
                    ledger.transaction(txn, SendState.ABORTED);
                    LOG.debug("cycle {}: send in {} failed (never committed): {}", cycle, txn, e.toString());
                    return;
                }
                if (rnd.nextInt(4) == 0) {
                    try {
                        s.rollback();
                        ledger.transaction(txn, SendState.ABORTED);
                    } catch (JMSException e) {
                        // a rollback that failed never committed either
                        ledger.transaction(txn, SendState.ABORTED);
                        return;
                    }
                    continue;
                }
                ledger.transaction(txn, SendState.COMMITTING);
                try {
                    s.commit();
                    ledger.transaction(txn, SendState.ACKED);
                } catch (TransactionRolledBackException e) {
                    ledger.transaction(txn, SendState.ABORTED);
                    return;
                } catch (JMSException e) {
                    ledger.transaction(txn, SendState.IN_DOUBT);
                    LOG.debug("cycle {}: commit of {} failed (in doubt): {}", cycle, txn, e.toString());
                    return;
                }
            }
        } catch (JMSException e) {
            LOG.debug("cycle {}: transacted producer setup failed: {}", cycle, e.toString());
        }
    }

    /**
     * Receives and acknowledges (CLIENT_ACKNOWLEDGE: {@code acknowledge()}, sometimes {@code recover()} instead;
     * transacted: {@code commit()}, sometimes {@code rollback()}) in batches of 1-5.
     */
    private void consumer(int cycle, Connection c, String stream, int mode, Ledger ledger, Random rnd) {
        boolean transacted = mode == Session.SESSION_TRANSACTED;
        try {
            Session s = c.createSession(transacted, mode);
            MessageConsumer mc = QUEUE_STREAM.equals(stream) ? s.createConsumer(s.createQueue(QUEUE))
                    : s.createDurableSubscriber(s.createTopic(TOPIC), SUBSCRIPTION);
            List<String> batch = new ArrayList<>();
            Message last = null;
            int batchSize = 1 + rnd.nextInt(5);
            while (running) {
                Message m = mc.receive(200);
                if (m != null) {
                    last = m;
                    String uid = m.getStringProperty("uid");
                    ledger.delivered(stream, cycle, uid, m.getJMSRedelivered());
                    batch.add(uid);
                }
                if (batch.size() >= batchSize || (m == null && !batch.isEmpty())) {
                    boolean undo = rnd.nextInt(10) == 0;
                    try {
                        if (undo) {
                            if (transacted) {
                                s.rollback();
                            } else {
                                s.recover();
                            }
                        } else {
                            if (transacted) {
                                s.commit();
                            } else {
                                last.acknowledge();
                            }
                            ledger.acked(stream, cycle, batch, true);
                        }
                    } catch (JMSException e) {
                        if (!undo) {
                            ledger.acked(stream, cycle, batch, false);
                        }
                        LOG.debug("cycle {} {}: ack failed (in doubt): {}", cycle, stream, e.toString());
                        return;
                    }
                    batch.clear();
                    batchSize = 1 + rnd.nextInt(5);
                }
            }
        } catch (JMSException e) {
            LOG.debug("cycle {} {}: consumer ended: {}", cycle, stream, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ drain

    /** Receives and acknowledges everything left on both streams until all acknowledged sends arrived and 3 s quiet. */
    private void drain(int cycle, String url, Ledger ledger) throws Exception {
        RocketConnectionFactory cf = factory(url);
        try (Connection c = cf.createConnection()) {
            c.setClientID(CLIENT_ID);
            c.start();
            Session qs = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Session ds = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer q = qs.createConsumer(qs.createQueue(QUEUE));
            MessageConsumer d = ds.createDurableSubscriber(ds.createTopic(TOPIC), SUBSCRIPTION);
            long deadline = System.currentTimeMillis() + 90_000;
            long lastDelivery = System.currentTimeMillis();
            AtomicLong drained = new AtomicLong();
            while (System.currentTimeMillis() < deadline) {
                boolean complete = ledger.deliveredOfMust(QUEUE_STREAM) == ledger.mustDeliver(QUEUE_STREAM)
                        && ledger.deliveredOfMust(DURABLE_STREAM) == ledger.mustDeliver(DURABLE_STREAM);
                if (complete && System.currentTimeMillis() - lastDelivery > 3_000) {
                    break;
                }
                boolean any = drainOne(cycle, q, qs, QUEUE_STREAM, ledger, drained)
                        | drainOne(cycle, d, ds, DURABLE_STREAM, ledger, drained);
                if (any) {
                    lastDelivery = System.currentTimeMillis();
                }
            }
            LOG.info("drain: {} messages in {} ms", drained.get(), 90_000 - (deadline - System.currentTimeMillis()));
        }
    }

    private static boolean drainOne(int cycle, MessageConsumer mc, Session s, String stream, Ledger ledger,
                                    AtomicLong drained) throws JMSException {
        List<String> batch = new ArrayList<>();
        Message m;
        Message last = null;
        while (batch.size() < 100 && (m = mc.receive(batch.isEmpty() ? 100 : 20)) != null) {
            last = m;
            String uid = m.getStringProperty("uid");
            ledger.delivered(stream, cycle, uid, m.getJMSRedelivered());
            batch.add(uid);
        }
        if (batch.isEmpty()) {
            return false;
        }
        last.acknowledge();
        ledger.acked(stream, cycle, batch, true);
        drained.addAndGet(batch.size());
        return true;
    }

    // ------------------------------------------------------------------------------------------------ report

    private static void report(Ledger ledger, int cycles, long[] millis, long[] lostPerCycle, long totalMillis) {
        StringBuilder sb = new StringBuilder("\ncrash torture (SYNC_FLUSH, SIGKILL each cycle):\n");
        sb.append(String.format("%-7s %8s %7s %7s %8s %8s %9s %8s %9s %6s %8s%n", "cycle", "ms", "sent", "acked",
                "inDoubt", "aborted", "received", "ackedRx", "redeliv", "lost", "dupAcked"));
        long[] tot = new long[9];
        for (int c = 1; c <= cycles + 1; c++) {
            long[] row = {ledger.get(c, Counter.SENT), ledger.get(c, Counter.SEND_ACKED),
                ledger.get(c, Counter.SEND_IN_DOUBT), ledger.get(c, Counter.ABORTED), ledger.get(c, Counter.RECEIVED),
                ledger.get(c, Counter.CONSUME_ACKED), ledger.get(c, Counter.REDELIVERED), lostPerCycle[c],
                ledger.duplicatesOfAcked(c)};
            for (int i = 0; i < row.length; i++) {
                tot[i] += row[i];
            }
            sb.append(String.format("%-7s %8d %7d %7d %8d %8d %9d %8d %9d %6d %8d%n", c <= cycles ? c : "drain",
                    millis[c], row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]));
        }
        sb.append(String.format("%-7s %8d %7d %7d %8d %8d %9d %8d %9d %6d %8d%n", "total", totalMillis, tot[0],
                tot[1], tot[2], tot[3], tot[4], tot[5], tot[6], tot[7], tot[8]));
        sb.append(String.format("transactions: %d (committed %d, rolled back/never committed %d, commit in doubt %d)",
                ledger.transactions(), ledger.transactions(SendState.ACKED), ledger.transactions(SendState.ABORTED),
                ledger.transactions(SendState.IN_DOUBT)));
        LOG.info(sb.toString());
        try {
            Path out = Path.of("target", "crash-torture-report.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, sb.toString());
        } catch (java.io.IOException e) {
            LOG.warn("could not write the report file: {}", e.toString());
        }
    }
}
