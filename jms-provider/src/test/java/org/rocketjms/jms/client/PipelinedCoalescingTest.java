package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.broker.EmbeddedBroker;

/** A producer's pipelined sends, coalesced into shared requests or (switched off) one request each, end to end. */
class PipelinedCoalescingTest {

    @TempDir
    Path dir;
    final BrokerFixture fx = new BrokerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Sends 500 messages pipelined from one producer; returns the coalesced requests its session wrote. */
    private long streamAndCheck(ClientInstance ci, String topic) throws Exception {
        ci.createTopic(topic, 1);
        QueueAffinity session = new QueueAffinity();
        ProducerCore p = ci.createProducer("pg", session);
        p.send(BrokerFixture.text(topic, "first")); // picks the producer's queue; pipelined sends follow it
        List<String> sent = new ArrayList<>(List.of("first"));
        List<CompletableFuture<SendResult>> results = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            results.add(p.sendPipelined(BrokerFixture.text(topic, "m" + i)));
            sent.add("m" + i);
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<SendResult> f : results) {
            SendResult r = f.get(10, TimeUnit.SECONDS);
            assertEquals(1, r.msgIds().size());
            ids.add(r.msgId());
        }
        assertEquals(500, ids.size(), "each message has its own id");
        assertEquals(sent, BrokerFixture.drain(ci, "g" + topic, topic, sent.size()));
        return session.coalescer(ci).coalescedRequests();
    }

    @Test
    void streamedSendsShareRequestsAndArriveInOrderEachWithItsOwnId() throws Exception {
        EmbeddedBroker broker = fx.broker(dir);
        ClientInstance ci = fx.client(broker.url(), "on");
        long coalesced = streamAndCheck(ci, "Ton");
        assertTrue(coalesced > 0, "500 sends made faster than round trips must share requests");
    }

    @Test
    void switchedOffEverySendIsARequestOfItsOwn() throws Exception {
        EmbeddedBroker broker = fx.broker(dir);
        ClientInstance ci = fx.client(broker.url(), "off", c -> c.setCoalescePipelinedSends(false));
        assertEquals(0, streamAndCheck(ci, "Toff"));
    }
}
