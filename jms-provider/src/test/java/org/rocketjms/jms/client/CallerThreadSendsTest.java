package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;

/** Synchronous sends over the producer's caller-thread connection, against an embedded broker. */
class CallerThreadSendsTest {

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void fromTheSecondSynchronousSendOnAProducerSendsOverItsOwnConnection() throws Exception {
        EmbeddedBroker broker = fx.broker(dir);
        ClientInstance ci = fx.client(broker.url(), "ct");
        ci.createTopic("Tct", 1);
        ProducerCore p = ci.createProducer("pg");
        p.send(BrokerFixture.text("Tct", "m0"));
        assertEquals(0, p.callerThreadConnections(), "a producer's first send opens no connection");
        List<String> sent = new ArrayList<>(List.of("m0"));
        long lastOffset = -1;
        for (int i = 1; i < 300; i++) {
            SendResult r = p.send(BrokerFixture.text("Tct", "m" + i));
            assertTrue(r.queueOffset() > lastOffset, "stored in order");
            lastOffset = r.queueOffset();
            sent.add("m" + i);
            assertEquals(1, p.callerThreadConnections(), "send " + i + " over the producer's own connection");
        }
        assertEquals(sent, BrokerFixture.drain(ci, "gct", "Tct", sent.size()));
        p.close();
        assertEquals(0, p.callerThreadConnections(), "closing the producer closes its connection");
    }

    @Test
    void aSenderWhoseInterruptIsSetLeavesItsConnectionAloneAndGetsTheSharedConnectionsAnswer() throws Exception {
        EmbeddedBroker broker = fx.broker(dir);
        ClientInstance ci = fx.client(broker.url(), "intr");
        ci.createTopic("Tintr", 1);
        ProducerCore p = ci.createProducer("pg");
        p.send(BrokerFixture.text("Tintr", "m0"));
        p.send(BrokerFixture.text("Tintr", "m1"));
        assertEquals(1, p.callerThreadConnections());
        Thread.currentThread().interrupt();
        try {
            ClientException e = assertThrows(ClientException.class, () -> p.send(BrokerFixture.text("Tintr", "m2")));
            assertEquals(ClientException.INTERRUPTED, e.getCode(), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, p.callerThreadConnections(), "the caller-thread connection was not touched");
        p.send(BrokerFixture.text("Tintr", "m3"));
        assertEquals(1, p.callerThreadConnections(), "and serves the next send");
    }

    @Test
    void aSynchronousSendAfterPipelinedOnesOfTheSessionNeverOvertakesThem() throws Exception {
        EmbeddedBroker broker = fx.broker(dir);
        ClientInstance ci = fx.client(broker.url(), "order");
        ci.createTopic("Torder", 1);
        QueueAffinity session = new QueueAffinity();
        ProducerCore async = ci.createProducer("pg", session);
        ProducerCore sync = ci.createProducer("pg", session);
        sync.send(BrokerFixture.text("Torder", "s-first"));
        List<String> sent = new ArrayList<>(List.of("s-first"));
        List<CompletableFuture<SendResult>> pending = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 20; i++) {
                String body = "a" + round + "-" + i;
                pending.add(async.sendPipelined(BrokerFixture.text("Torder", body)));
                sent.add(body);
            }
            String body = "s" + round; // while pipelined sends of the session are unanswered
            sync.send(BrokerFixture.text("Torder", body));
            sent.add(body);
        }
        for (CompletableFuture<SendResult> f : pending) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(sent, BrokerFixture.drain(ci, "gorder", "Torder", sent.size()));
    }

    @Test
    void switchedOffEverySendUsesTheSharedConnection() throws Exception {
        EmbeddedBroker broker = fx.broker(dir);
        ClientInstance ci = fx.client(broker.url(), "off", c -> c.setSyncSendsOnCallerThread(false));
        ci.createTopic("Toff", 1);
        ProducerCore p = ci.createProducer("pg");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            p.send(BrokerFixture.text("Toff", "m" + i));
            sent.add("m" + i);
        }
        assertEquals(0, p.callerThreadConnections());
        assertEquals(sent, BrokerFixture.drain(ci, "goff", "Toff", sent.size()));
    }

    @Test
    void aConnectionLostToABrokerRestartIsReplacedWithoutFailingTheSend() throws Exception {
        EmbeddedBroker first = fx.broker(dir, 0, 0);
        int namesrvPort = first.namesrvPort();
        int brokerPort = first.brokerPort();
        // no retries: the send must not need the producer's retry to get past the connection the restart broke
        ClientInstance ci = fx.client(first.url(), "restart", c -> c.setRetryTimesWhenSendFailed(0));
        ci.createTopic("Trs", 1);
        ProducerCore p = ci.createProducer("pg");
        p.send(BrokerFixture.text("Trs", "before-0"));
        p.send(BrokerFixture.text("Trs", "before-1"));
        assertEquals(1, p.callerThreadConnections());
        first.close();
        fx.broker(dir, namesrvPort, brokerPort);
        // the producer's connection still points at the old broker process; the send finds that out and goes over a
        // new connection to the new one instead of failing
        p.send(BrokerFixture.text("Trs", "after"));
        assertEquals(1, p.callerThreadConnections());
        assertEquals(List.of("before-0", "before-1", "after"), BrokerFixture.drain(ci, "grs", "Trs", 3));
    }
}
