package org.rocketjms.jms.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.jms.RocketXAConnectionFactory;

/**
 * XA recovery across a broker crash: the broker runs in a child JVM that is killed with SIGKILL
 * ({@code Process.destroyForcibly()}) while two branches are prepared and one is not, then restarted on the same
 * data directory.
 */
class XaBrokerCrashTest {
    private static final long TX_TIMEOUT_MILLIS = 2_000;

    @TempDir
    Path dir;
    Process child;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(getClass()).debug("cleanup", e);
            }
        }
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the broker child and returns its ports. */
    private int[] startChild(int namesrvPort, int brokerPort, String log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                XaBrokerMain.class.getName(), dir.resolve("data").toString(), Integer.toString(namesrvPort),
                Integer.toString(brokerPort), Long.toString(TX_TIMEOUT_MILLIS)));
        pb.redirectError(dir.resolve(log).toFile());
        child = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertNotNull(line, "the broker child printed nothing (see " + dir.resolve(log) + ")");
        String[] parts = line.split(" ");
        assertEquals("READY", parts[0], line);
        return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    private void kill() throws Exception {
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        child = null;
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private List<String> drain(RocketXAConnectionFactory f, String queue, long firstWait, long quiet,
                               List<Boolean> redelivered) throws Exception {
        Connection c = track(f.createConnection());
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer mc = s.createConsumer(s.createQueue(queue));
        List<String> out = new ArrayList<>();
        long wait = firstWait;
        while (true) {
            TextMessage m = (TextMessage) mc.receive(wait);
            if (m == null) {
                break;
            }
            out.add(m.getText());
            if (redelivered != null) {
                redelivered.add(m.getJMSRedelivered());
            }
            wait = quiet;
        }
        c.close();
        return out;
    }

    /** One branch on its own session: consumes one message of {@code in}, sends {@code reply} to {@code out}. */
    private void work(XAConnection c, Xid xid, String in, String out, String reply, boolean prepare) throws Exception {
        XASession s = c.createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer consumer = s.createConsumer(s.createQueue(in));
        xa.start(xid, XAResource.TMNOFLAGS);
        TextMessage m = (TextMessage) consumer.receive(5000);
        assertNotNull(m, "nothing to consume for " + xid);
        s.createProducer(s.createQueue(out)).send(s.createTextMessage(reply + "<-" + m.getText()));
        xa.end(xid, XAResource.TMSUCCESS);
        consumer.close();
        if (prepare) {
            assertEquals(XAResource.XA_OK, xa.prepare(xid));
        }
    }

    @Test
    void preparedBranchesSurviveSigkillAndUnpreparedOnesRollBack() throws Exception {
        int[] ports = startChild(0, 0, "broker-1.log");
        RocketXAConnectionFactory f = new RocketXAConnectionFactory("rocketjms://127.0.0.1:" + ports[0]);
        Connection producer = track(f.createConnection());
        Session ps = producer.createSession(false, Session.AUTO_ACKNOWLEDGE);
        // one message per branch, each on its own queue so the test knows which branch consumed which
        for (String q : List.of("in-1", "in-2", "in-3")) {
            ps.createProducer(ps.createQueue(q)).send(ps.createTextMessage(q + "-msg"));
        }
        producer.close();

        TestXid commitMe = TestXid.next();
        TestXid rollMeBack = TestXid.next();
        TestXid unprepared = TestXid.next();
        XAConnection xc = track(f.createXAConnection());
        xc.start();
        work(xc, commitMe, "in-1", "out", "c1", true);
        work(xc, rollMeBack, "in-2", "out", "c2", true);
        work(xc, unprepared, "in-3", "out", "c3", false);

        kill();
        startChild(ports[0], ports[1], "broker-2.log");

        XAConnection after = track(f.createXAConnection());
        after.start();
        XAResource xa = after.createXASession().getXAResource();
        Xid[] found = xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertEquals(2, found.length, "recover lists exactly the prepared branches: " + Arrays.toString(found));
        assertTrue(Arrays.stream(found).anyMatch(commitMe::sameAs), Arrays.toString(found));
        assertTrue(Arrays.stream(found).anyMatch(rollMeBack::sameAs), Arrays.toString(found));

        assertEquals(List.of(), drain(f, "out", 1000, 200, null), "nothing of any branch is visible before commit");
        assertEquals(List.of(), drain(f, "in-1", 500, 200, null), "messages acked by a prepared branch stay held");
        assertEquals(List.of(), drain(f, "in-2", 500, 200, null), "messages acked by a prepared branch stay held");

        xa.commit(found[Arrays.stream(found).toList().indexOf(Arrays.stream(found).filter(commitMe::sameAs)
                .findFirst().orElseThrow())], false);
        xa.rollback(rollMeBack);
        assertEquals(List.of("c1<-in-1-msg"), drain(f, "out", 5000, 500, null),
                "the committed branch's send is delivered; the rolled back ones never are");
        assertEquals(List.of(), drain(f, "in-1", 1000, 200, null), "the committed branch's ack holds");
        List<Boolean> redelivered = new ArrayList<>();
        assertEquals(List.of("in-2-msg"), drain(f, "in-2", 5000, 300, redelivered),
                "the rolled back branch's consumed message is back");
        assertEquals(List.of(true), redelivered);

        // the un-prepared branch lost its acks with the broker's memory: the broker rolled it back at restart
        XAException late = assertThrows(XAException.class, () -> xa.commit(unprepared, true));
        assertEquals(XAException.XA_RBROLLBACK, late.errorCode, late.getMessage());
        assertEquals(List.of("in-3-msg"), drain(f, "in-3", 5000, 300, null),
                "the un-prepared branch's consumed message is available again");
        assertEquals(List.of(), drain(f, "out", 1000, 300, null), "the un-prepared branch's send never appears");
        assertEquals(0, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);

        // and nothing of it comes back after another crash
        kill();
        startChild(ports[0], ports[1], "broker-3.log");
        XAConnection third = track(f.createXAConnection());
        third.start();
        assertEquals(0, third.createXASession().getXAResource()
                .recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        assertEquals(List.of(), drain(f, "out", 1000, 300, null));
        assertEquals(List.of(), drain(f, "in-1", 500, 200, null));
    }

    @Test
    void unpreparedBranchOfAVanishedClientRollsBackAfterTheTimeout() throws Exception {
        int[] ports = startChild(0, 0, "broker.log");
        RocketXAConnectionFactory f = new RocketXAConnectionFactory("rocketjms://127.0.0.1:" + ports[0]);
        Connection producer = track(f.createConnection());
        Session ps = producer.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ps.createProducer(ps.createQueue("v-in")).send(ps.createTextMessage("v"));
        producer.close();
        TestXid xid = TestXid.next();
        XAConnection doomed = f.createXAConnection();
        doomed.start();
        work(doomed, xid, "v-in", "v-out", "v", false);
        doomed.close(); // the client is gone without preparing
        long goneAt = System.currentTimeMillis();

        XAConnection tm = track(f.createXAConnection());
        XAResource xa = tm.createXASession().getXAResource();
        Thread.sleep(Math.max(0, TX_TIMEOUT_MILLIS + 1500 - (System.currentTimeMillis() - goneAt)));
        XAException e = assertThrows(XAException.class, () -> xa.prepare(xid));
        assertEquals(XAException.XA_RBTIMEOUT, e.errorCode, e.getMessage());
        assertEquals(List.of(), drain(f, "v-out", 1000, 300, null));
        List<Boolean> redelivered = new ArrayList<>();
        assertEquals(List.of("v"), drain(f, "v-in", 5000, 300, redelivered));
        assertFalse(redelivered.isEmpty());
    }
}
