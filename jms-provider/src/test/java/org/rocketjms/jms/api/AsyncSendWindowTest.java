package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Sends with a CompletionListener are pipelined (several in flight per producer): per-producer order holds for the
 * stored messages and for the callbacks, a session runs one callback at a time and never on the sending thread, and
 * a failed send in the middle of the window is reported in its place while the others complete.
 */
class AsyncSendWindowTest extends JmsTestBase {

    /** Records the callbacks of one producer and checks that no two callbacks of the session overlap. */
    private static final class Recorder implements CompletionListener {
        final String name;
        final List<String> events;
        final AtomicBoolean sessionBusy;
        final AtomicInteger overlaps;
        final CountDownLatch done;
        final Thread sender;
        final AtomicInteger onSenderThread;

        Recorder(String name, List<String> events, AtomicBoolean sessionBusy, AtomicInteger overlaps,
                 CountDownLatch done, Thread sender, AtomicInteger onSenderThread) {
            this.name = name;
            this.events = events;
            this.sessionBusy = sessionBusy;
            this.overlaps = overlaps;
            this.done = done;
            this.sender = sender;
            this.onSenderThread = onSenderThread;
        }

        private void record(Message m, String what) {
            if (!sessionBusy.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            try {
                if (Thread.currentThread() == sender) {
                    onSenderThread.incrementAndGet();
                }
                events.add(name + ":" + m.getIntProperty("seq") + ":" + what);
                if (m.getIntProperty("seq") % 50 == 0) {
                    Thread.sleep(2); // widen the window in which another callback could overlap
                }
            } catch (Exception e) {
                events.add(name + ":?:" + e);
            } finally {
                sessionBusy.set(false);
                done.countDown();
            }
        }

        @Override
        public void onCompletion(Message message) {
            record(message, "ok");
        }

        @Override
        public void onException(Message message, Exception exception) {
            record(message, "failed");
        }
    }

    @Test
    void pipelinedSendsKeepPerProducerOrderAndCallbacksRunOneAtATimeInSendOrder() throws Exception {
        factory.setAsyncSendWindow(16);
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("window");
        MessageProducer a = s.createProducer(q);
        MessageProducer b = s.createProducer(q);
        a.setDeliveryMode(DeliveryMode.PERSISTENT);
        b.setDeliveryMode(DeliveryMode.NON_PERSISTENT); // mixed: non-persistent answers overtake forced ones
        int n = 300;
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicBoolean busy = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger onSender = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2 * n);
        Recorder ra = new Recorder("a", events, busy, overlaps, done, Thread.currentThread(), onSender);
        Recorder rb = new Recorder("b", events, busy, overlaps, done, Thread.currentThread(), onSender);
        for (int i = 0; i < n; i++) {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(new byte[256]);
            m.setIntProperty("seq", i);
            m.setStringProperty("from", "a");
            a.send(m, ra);
            BytesMessage m2 = s.createBytesMessage();
            m2.setIntProperty("seq", i);
            m2.setStringProperty("from", "b");
            b.send(m2, rb);
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "not every CompletionListener was called");
        assertEquals(0, overlaps.get(), "two CompletionListener calls of one session overlapped");
        assertEquals(0, onSender.get(), "a CompletionListener ran on the sending thread");
        for (String p : List.of("a", "b")) {
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(p + ":" + i + ":ok");
            }
            for (String e : events) {
                if (e.startsWith(p + ":")) {
                    actual.add(e);
                }
            }
            assertEquals(expected, actual, "callbacks of producer " + p + " out of send order");
        }
        MessageConsumer consumer = s.createConsumer(q);
        int[] next = new int[2];
        for (int i = 0; i < 2 * n; i++) {
            Message m = consumer.receive(10_000);
            assertNotNull(m, "only " + i + " of " + 2 * n + " messages arrived");
            int p = m.getStringProperty("from").equals("a") ? 0 : 1;
            assertEquals(next[p], m.getIntProperty("seq"), "producer " + m.getStringProperty("from")
                    + "'s messages were stored out of order");
            next[p]++;
        }
    }

    @Test
    void aRefusedSendInTheWindowIsReportedInItsPlaceAndTheOthersComplete() throws Exception {
        Connection c = started();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("window-fail");
        MessageProducer p = s.createProducer(q);
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger onSender = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(6);
        Recorder r = new Recorder("p", events, new AtomicBoolean(), new AtomicInteger(), done, Thread.currentThread(),
                onSender);
        for (int i = 0; i < 6; i++) {
            BytesMessage m = s.createBytesMessage();
            // the broker refuses bodies above maxMessageSize (4 MiB by default)
            m.writeBytes(new byte[i == 3 ? 5 * 1024 * 1024 : 16]);
            m.setIntProperty("seq", i);
            p.send(m, r);
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("p:0:ok", "p:1:ok", "p:2:ok", "p:3:failed", "p:4:ok", "p:5:ok"), events);
        MessageConsumer consumer = s.createConsumer(q);
        for (int i : new int[] {0, 1, 2, 4, 5}) {
            Message m = consumer.receive(10_000);
            assertNotNull(m);
            assertEquals(i, m.getIntProperty("seq"));
        }
        assertFalse(consumer.receive(500) != null, "the refused message must not be stored");
    }

    @Test
    void factoryRefusesANegativeWindow() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RocketConnectionFactory().setAsyncSendWindow(-1));
        assertTrue(e.getMessage().contains("asyncSendWindow"));
    }
}
