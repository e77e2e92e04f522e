package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;

/**
 * The session's coalescing of pipelined sends: alone while nothing is unanswered, together once an answer arrives,
 * in call order, bounded in size, and never across producers, queues or transactions.
 */
class SendCoalescerTest {

    private static final MessageQueue Q1 = new MessageQueue("b", "t", 0);
    private static final MessageQueue Q2 = new MessageQueue("b", "t", 1);

    /** Records each request "written" as the list of its messages' names. */
    private static final class Recording implements SendCoalescer.Writer {
        final List<List<String>> requests = new ArrayList<>();

        @Override
        public void write(MessageQueue mq, String addr, List<SendCoalescer.Pending> sends) {
            List<String> names = new ArrayList<>();
            for (SendCoalescer.Pending p : sends) {
                names.add(mq.queueId() + ":" + new String(p.msg().getBody()));
            }
            requests.add(names);
        }
    }

    private static SendCoalescer.Pending send(String name) {
        return new SendCoalescer.Pending(new OutgoingMessage("t", name.getBytes()), new CompletableFuture<>());
    }

    @Test
    void sendsMadeWhileOneIsUnansweredLeaveTogetherWhenTheAnswerArrives() {
        SendCoalescer c = new SendCoalescer(Runnable::run, true);
        Recording w = new Recording();
        c.submit(w, Q1, "a", send("m0"));
        assertEquals(List.of(List.of("0:m0")), w.requests, "nothing unanswered: written at once, alone");
        c.submit(w, Q1, "a", send("m1"));
        c.submit(w, Q1, "a", send("m2"));
        c.submit(w, Q1, "a", send("m3"));
        assertEquals(1, w.requests.size(), "the others wait for m0's answer");
        c.answered();
        assertEquals(List.of(List.of("0:m0"), List.of("0:m1", "0:m2", "0:m3")), w.requests);
        assertEquals(1, c.unanswered());
        c.answered();
        assertEquals(0, c.unanswered());
        c.submit(w, Q1, "a", send("m4"));
        assertEquals(List.of("0:m4"), w.requests.get(2), "all answered: alone again");
    }

    @Test
    void aFullBatchLeavesWithoutWaiting() {
        SendCoalescer c = new SendCoalescer(Runnable::run, true);
        Recording w = new Recording();
        c.submit(w, Q1, "a", send("first"));
        for (int i = 0; i < SendCoalescer.MAX_MESSAGES; i++) {
            c.submit(w, Q1, "a", send("m" + i));
        }
        assertEquals(2, w.requests.size());
        assertEquals(SendCoalescer.MAX_MESSAGES, w.requests.get(1).size());
        c.submit(w, Q1, "a", new SendCoalescer.Pending(new OutgoingMessage("t", new byte[SendCoalescer.MAX_BYTES + 1]),
                new CompletableFuture<>()));
        assertEquals(3, w.requests.size(), "a message above the coalescing limit goes alone at once");
    }

    @Test
    void anotherQueueOrProducerOrATransactionalMessageFirstWritesWhatWaits() {
        SendCoalescer c = new SendCoalescer(Runnable::run, true);
        Recording w = new Recording();
        Recording other = new Recording();
        c.submit(w, Q1, "a", send("m0"));
        c.submit(w, Q1, "a", send("m1"));
        c.submit(w, Q2, "a", send("n0")); // another queue: m1 leaves first, n0 waits
        assertEquals(List.of(List.of("0:m0"), List.of("0:m1")), w.requests);
        c.submit(other, Q2, "a", send("x0")); // another producer: n0 leaves first
        assertEquals(List.of("1:n0"), w.requests.get(2));
        assertTrue(other.requests.isEmpty(), "x0 waits for an answer");
        OutgoingMessage half = new OutgoingMessage("t", "h".getBytes());
        half.setFlags(EndTransactionRequestHeader.PREPARED_FLAG);
        c.submit(other, Q2, "a", new SendCoalescer.Pending(half, new CompletableFuture<>()));
        assertEquals(List.of(List.of("1:x0"), List.of("1:h")), other.requests,
                "a transaction's message is written alone, after what waited");
    }

    @Test
    void flushWritesWhatWaitsAndSwitchedOffEverySendIsAlone() {
        SendCoalescer c = new SendCoalescer(Runnable::run, true);
        Recording w = new Recording();
        c.submit(w, Q1, "a", send("m0"));
        c.submit(w, Q1, "a", send("m1"));
        c.flush();
        assertEquals(List.of(List.of("0:m0"), List.of("0:m1")), w.requests, "a synchronous send must not overtake m1");

        SendCoalescer off = new SendCoalescer(Runnable::run, false);
        Recording w2 = new Recording();
        for (int i = 0; i < 3; i++) {
            off.submit(w2, Q1, "a", send("m" + i));
        }
        assertEquals(List.of(List.of("0:m0"), List.of("0:m1"), List.of("0:m2")), w2.requests);
    }

    @Test
    void flushWaitsForAWriteAnotherThreadIsMaking() throws Exception {
        ExecutorService flusher = Executors.newSingleThreadExecutor();
        SendCoalescer c = new SendCoalescer(flusher, true);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SendCoalescer.Writer w = (mq, addr, sends) -> {
            if (sends.size() > 1) { // the batch the flusher writes: hold it in the middle of its write
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        c.submit(w, Q1, "a", send("m0"));
        c.submit(w, Q1, "a", send("m1"));
        c.submit(w, Q1, "a", send("m2"));
        c.answered(); // the flusher takes m1, m2 and is writing them
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> flushed = CompletableFuture.runAsync(c::flush);
        Thread.sleep(200);
        assertTrue(!flushed.isDone(), "a synchronous send must not leave before the batch being written");
        release.countDown();
        flushed.get(10, TimeUnit.SECONDS);
        flusher.shutdown();
    }

    @Test
    void answersOnOtherThreadsNeverLoseOrReorderASend() throws Exception {
        ExecutorService flusher = Executors.newSingleThreadExecutor();
        ExecutorService io = Executors.newSingleThreadExecutor();
        SendCoalescer c = new SendCoalescer(flusher, true);
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        int total = 20_000;
        CountDownLatch all = new CountDownLatch(total);
        // every request is "answered" from another thread, as the I/O thread answers them
        SendCoalescer.Writer w = (mq, addr, sends) -> {
            for (SendCoalescer.Pending p : sends) {
                written.add(new String(p.msg().getBody()));
                all.countDown();
            }
            io.execute(c::answered);
        };
        for (int i = 0; i < total; i++) {
            c.submit(w, Q1, "a", send(Integer.toString(i)));
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "every send is written (" + (total - all.getCount()) + ")");
        int i = 0;
        for (String s : written) {
            assertEquals(Integer.toString(i++), s);
        }
        flusher.shutdown();
        io.shutdown();
    }
}
