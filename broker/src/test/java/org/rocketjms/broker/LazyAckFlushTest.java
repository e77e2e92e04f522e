package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.DefaultMessageStore;

/**
 * An ACK request with {@code lazyFlush} (what AUTO_ACKNOWLEDGE sessions send) while sends keep coming is answered with
 * the force a send starts anyway, or, with none, after {@code lazyFlushMaxDelayMillis}; always only once its ACK record
 * is forced. One without it is forced at once.
 */
class LazyAckFlushTest {
    private static final long DELAY_MILLIS = 3_000;

    @TempDir
    Path dir;

    private static final class Answer {
        final CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        volatile long flushedWhenAnswered;
        long sentAt;

        long millis(long answeredAt) {
            return TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt);
        }
    }

    private static Answer ack(TestClient client, DefaultMessageStore store, WireMessage m, boolean lazy)
            throws Exception {
        RemotingCommand req = RemotingCommand.createRequest(BrokerRequestCode.ACK_MESSAGE,
                new AckMessageRequestHeader("g", "lq", lazy));
        req.setBody(ReceiptHandleListCodec.encode(List.of(m.receiptHandle())));
        Answer a = new Answer();
        a.sentAt = System.nanoTime();
        client.remoting.invokeAsync(client.addr, req, 10_000, f -> {
            a.flushedWhenAnswered = store.getCommitLog().getFlushedWhere();
            if (f.getResponse() != null) {
                a.response.complete(f.getResponse());
            } else {
                a.response.completeExceptionally(f.getCause());
            }
        });
        return a;
    }

    @Test
    void lazyAcksWaitForAForceThatRunsAnywayOrTheirMaximumDelayEagerAcksDoNot() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).namesrvPort(0).brokerPort(0)
                .set("lazyFlushMaxDelayMillis", Long.toString(DELAY_MILLIS)).build().start();
             TestClient client = new TestClient(broker.brokerAddress(), "c1")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(0, client.send("lq", 0, "m" + i).getCode());
            }
            List<WireMessage> got = new ArrayList<>();
            while (got.size() < 3) {
                List<WireMessage> batch = client.pop("g", "lq", 3, 60_000, 1_000, null);
                assertTrue(!batch.isEmpty(), "only " + got.size() + " of 3 messages were handed out");
                got.addAll(batch);
            }
            DefaultMessageStore store = (DefaultMessageStore) broker.brokerController().getMessageStore();

            // alone, right after a send: answered after the maximum delay, once forced
            assertEquals(0, client.send("other", 0, "x1").getCode());
            long logEnd = store.getCommitLog().getMaxOffset();
            Answer alone = ack(client, store, got.get(0), true);
            RemotingCommand r = alone.response.get(20, TimeUnit.SECONDS);
            long aloneMillis = alone.millis(System.nanoTime());
            assertEquals(0, r.getCode(), r.getRemark());
            assertTrue(alone.flushedWhenAnswered > logEnd, "a lazy ack was answered before its record was forced");
            assertTrue(aloneMillis >= DELAY_MILLIS - 500, "a lazy ack with nothing else to force was answered after "
                    + aloneMillis + " ms, before its maximum delay of " + DELAY_MILLIS + " ms");

            // followed by a persistent send: answered with the send's force, long before the maximum delay
            logEnd = store.getCommitLog().getMaxOffset();
            Answer withSend = ack(client, store, got.get(1), true);
            assertEquals(0, client.send("lq", 0, "m3").getCode());
            r = withSend.response.get(20, TimeUnit.SECONDS);
            long withSendMillis = withSend.millis(System.nanoTime());
            assertEquals(0, r.getCode(), r.getRemark());
            assertTrue(withSend.flushedWhenAnswered > logEnd, "a lazy ack was answered before its record was forced");
            assertTrue(withSendMillis < DELAY_MILLIS - 1_000, "a lazy ack took " + withSendMillis
                    + " ms although a send forced the commit log right after it");

            // without lazyFlush: forced at once
            assertEquals(0, client.send("other", 0, "x2").getCode());
            logEnd = store.getCommitLog().getMaxOffset();
            Answer eager = ack(client, store, got.get(2), false);
            r = eager.response.get(20, TimeUnit.SECONDS);
            long eagerMillis = eager.millis(System.nanoTime());
            assertEquals(0, r.getCode(), r.getRemark());
            assertTrue(eager.flushedWhenAnswered > logEnd, "an ack was answered before its record was forced");
            assertTrue(eagerMillis < DELAY_MILLIS - 1_000, "an ack without lazyFlush took " + eagerMillis + " ms");
        }
    }
}
