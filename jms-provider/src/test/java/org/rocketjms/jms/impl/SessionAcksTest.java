package org.rocketjms.jms.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.client.ClientException;
import org.rocketjms.jms.client.ReceivedMessage;
import org.rocketjms.remoting.protocol.broker.WireMessage;

/** The ack pipeline of AUTO/DUPS_OK sessions, against a sender whose confirmations the test completes by hand. */
class SessionAcksTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** One entry per ack request sent: the messages and the future the test completes. */
    private final List<List<ReceivedMessage>> requests = new CopyOnWriteArrayList<>();
    private final List<Boolean> lazyFlags = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> confirmations = new CopyOnWriteArrayList<>();
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private SessionAcks acks(int batchSize, long batchMillis) {
        return acks(batchSize, batchMillis, 1);
    }

    private SessionAcks acks(int batchSize, long batchMillis, int window) {
        return new SessionAcks((msgs, lazy) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            lazyFlags.add(lazy);
            requests.add(new ArrayList<>(msgs));
            confirmations.add(f);
            return f;
        }, reported::add, timer, batchSize, batchMillis, 10_000, window);
    }

    private static ReceivedMessage msg(int i) {
        return new ReceivedMessage("b", "127.0.0.1:1", "g", new WireMessage("t", 0, i, i, 0, 0, 1, 0, Map.of(),
                new byte[0], "h" + i));
    }

    /** Runs {@code r} on another thread; returns a latch that opens when it returned. */
    private static CountDownLatch async(Runnable r) {
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            r.run();
            done.countDown();
        });
        t.setDaemon(true);
        t.start();
        return done;
    }

    @Test
    void autoSendsEachAckAtOnceWithoutWaitingForItsConfirmation() throws Exception {
        SessionAcks a = acks(1, 50);
        a.consumed(msg(1));
        assertEquals(1, requests.size(), "the ack must be sent when the message is consumed");
        assertEquals(List.of(msg(1).getReceiptHandle()), List.of(requests.get(0).get(0).getReceiptHandle()));
        assertEquals(1, a.inFlight());
        // the next hand-out does not wait for the only (most recent) ack
        assertTrue(async(a::beforeHandOut).await(2, TimeUnit.SECONDS), "the hand-out waited for the most recent ack");
    }

    @Test
    void autoWindowOfOneHandsOutOnlyWhileAtMostOneAckIsUnconfirmed() throws Exception {
        SessionAcks a = acks(1, 50);
        a.consumed(msg(1));
        a.beforeHandOut(); // message 2 may be handed out while ack 1 is in flight
        a.consumed(msg(2));
        assertEquals(2, requests.size(), "both acks are sent at once (two requests may be in flight)");
        CountDownLatch handedOut = async(a::beforeHandOut); // message 3 needs one of them confirmed
        assertFalse(handedOut.await(300, TimeUnit.MILLISECONDS), "message 3 was handed out with two acks in doubt");
        confirmations.get(0).complete(null);
        assertTrue(handedOut.await(5, TimeUnit.SECONDS));
        confirmations.get(1).complete(null);
        assertEquals(0, a.inFlight());
    }

    /**
     * A confirmation's callback sends the acks that waited for it outside the lock; a close (flushAndAwait) that runs
     * while that send has not registered its request yet must wait for it too. CI once saw the other outcome: the
     * close returned, the client shut down, that ack failed and its messages were redelivered.
     */
    @Test
    void closeWaitsForAnAckTheConfirmationCallbackIsSendingRightNow() throws Exception {
        CountDownLatch inThirdSend = new CountDownLatch(1);
        CountDownLatch letThirdSendGo = new CountDownLatch(1);
        SessionAcks a = new SessionAcks((msgs, lazy) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            requests.add(new ArrayList<>(msgs));
            confirmations.add(f);
            if (requests.size() == 3) {
                inThirdSend.countDown();
                try {
                    letThirdSendGo.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return f;
        }, reported::add, timer, 1, 50, 10_000, 4);
        a.consumed(msg(1));
        a.consumed(msg(2));
        a.consumed(msg(3)); // waits: two requests in flight
        async(() -> confirmations.get(0).complete(null)); // its callback sends ack 3 and stops inside the send
        assertTrue(inThirdSend.await(5, TimeUnit.SECONDS), "the callback did not send the waiting ack");
        CountDownLatch closed = async(a::flushAndAwait);
        confirmations.get(1).complete(null);
        assertFalse(closed.await(300, TimeUnit.MILLISECONDS), "the close returned while ack 3 was being sent");
        letThirdSendGo.countDown();
        assertFalse(closed.await(300, TimeUnit.MILLISECONDS), "the close returned before ack 3 was confirmed");
        confirmations.get(2).complete(null);
        assertTrue(closed.await(5, TimeUnit.SECONDS), "the close did not return once every ack was confirmed");
        assertEquals(List.of("h3"), requests.get(2).stream().map(ReceivedMessage::getReceiptHandle).toList());
    }

    @Test
    void autoCoalescesAcksWhileTwoRequestsAreInFlight() throws Exception {
        SessionAcks a = acks(1, 50, 4);
        for (int i = 1; i <= 5; i++) {
            a.beforeHandOut();
            a.consumed(msg(i));
        }
        assertEquals(2, requests.size(), "two requests in flight; acks 3-5 wait for a confirmation");
        confirmations.get(0).complete(null);
        assertEquals(3, requests.size(), "the confirmation sends every waiting ack in one request");
        assertEquals(List.of("h3", "h4", "h5"),
                requests.get(2).stream().map(ReceivedMessage::getReceiptHandle).toList());
        confirmations.get(1).complete(null);
        confirmations.get(2).complete(null);
        assertEquals(0, a.inFlight());
        assertEquals(3, requests.size(), "nothing left to send");
    }

    @Test
    void autoHandOutWaitsWhileMoreThanTheWindowIsUnconfirmed() throws Exception {
        SessionAcks a = acks(1, 50, 3);
        for (int i = 1; i <= 3; i++) {
            a.beforeHandOut();
            a.consumed(msg(i));
        }
        assertTrue(async(a::beforeHandOut).await(2, TimeUnit.SECONDS), "3 unconfirmed is within the window of 3");
        a.consumed(msg(4));
        CountDownLatch handedOut = async(a::beforeHandOut);
        assertFalse(handedOut.await(300, TimeUnit.MILLISECONDS), "4 unconfirmed acks exceed the window of 3");
        confirmations.get(1).complete(null); // ack 2 confirmed: 3 left unconfirmed
        assertTrue(handedOut.await(5, TimeUnit.SECONDS));
        confirmations.get(0).complete(null);
        confirmations.get(2).complete(null);
        assertTrue(async(a::flushAndAwait).await(5, TimeUnit.SECONDS));
    }

    @Test
    void flushAndAwaitWaitsForEveryAckSent() throws Exception {
        SessionAcks a = acks(1, 50);
        a.consumed(msg(1));
        a.consumed(msg(2));
        CountDownLatch closed = async(a::flushAndAwait);
        confirmations.get(0).complete(null);
        assertFalse(closed.await(300, TimeUnit.MILLISECONDS), "close returned with ack 2 in flight");
        confirmations.get(1).complete(null);
        assertTrue(closed.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailedAckIsReportedAndDoesNotBlockTheSession() throws Exception {
        SessionAcks a = acks(1, 50);
        a.consumed(msg(1));
        ClientException failure = new ClientException(ClientException.BROKER_UNREACHABLE, "gone");
        confirmations.get(0).completeExceptionally(failure);
        assertEquals(1, reported.size());
        assertSame(failure, reported.get(0));
        a.consumed(msg(2));
        a.beforeHandOut(); // the failed ack counts as finished
        confirmations.get(1).complete(null);
        assertTrue(async(a::flushAndAwait).await(5, TimeUnit.SECONDS));
        assertEquals(1, reported.size());
    }

    @Test
    void dupsOkSendsOneRequestPerBatch() {
        SessionAcks a = acks(3, 60_000);
        a.consumed(msg(1));
        a.consumed(msg(2));
        assertEquals(0, requests.size(), "DUPS_OK must wait for a batch");
        a.consumed(msg(3));
        assertEquals(1, requests.size());
        assertEquals(3, requests.get(0).size());
        a.consumed(msg(4));
        assertEquals(1, requests.size());
        confirmations.get(0).complete(null);
        CountDownLatch closed = async(a::flushAndAwait); // close sends the partial batch
        waitFor(() -> requests.size() == 2);
        assertEquals(1, requests.get(1).size());
        assertEquals("h4", requests.get(1).get(0).getReceiptHandle());
        confirmations.get(1).complete(null);
        assertTrue(awaitQuietly(closed));
    }

    @Test
    void dupsOkTimerSendsAWaitingBatchWhenTheApplicationStopsReceiving() {
        SessionAcks a = acks(100, 100);
        a.consumed(msg(1));
        a.consumed(msg(2));
        assertEquals(0, requests.size());
        waitFor(() -> requests.size() == 1);
        assertEquals(2, requests.get(0).size());
    }

    /**
     * Acks sent as messages are consumed let the broker confirm them with a force that runs anyway (lazyFlush); those a
     * close sends do not, so their force also covers the lazy ones sent before and the close does not wait for the
     * broker's maximum delay.
     */
    @Test
    void acksSentWhileConsumingAreLazyThoseSentByACloseAreNot() throws Exception {
        SessionAcks auto = acks(1, 50, 4);
        auto.consumed(msg(1));
        auto.consumed(msg(2));
        auto.consumed(msg(3)); // waits: two requests in flight
        assertEquals(List.of(true, true), lazyFlags);
        CountDownLatch closed = async(auto::flushAndAwait); // sends ack 3 itself
        waitFor(() -> requests.size() == 3);
        assertEquals(List.of(true, true, false), lazyFlags);
        confirmations.forEach(f -> f.complete(null));
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        auto.consumed(msg(4)); // after the close returned: lazy again
        assertEquals(List.of(true, true, false, true), lazyFlags);

        lazyFlags.clear();
        SessionAcks dups = acks(10, 30);
        dups.consumed(msg(5));
        waitFor(() -> lazyFlags.size() == 1); // the batch timer's send
        assertEquals(List.of(true), lazyFlags);
        dups.consumed(msg(6));
        CountDownLatch dupsClosed = async(dups::flushAndAwait);
        waitFor(() -> lazyFlags.size() == 2);
        assertEquals(List.of(true, false), lazyFlags);
        confirmations.forEach(f -> f.complete(null));
        assertTrue(dupsClosed.await(5, TimeUnit.SECONDS));
    }

    private static boolean awaitQuietly(CountDownLatch l) {
        try {
            return l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "condition not reached within 5 s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
