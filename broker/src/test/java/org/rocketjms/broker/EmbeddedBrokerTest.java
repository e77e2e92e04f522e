package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;

/** EmbeddedBroker lifecycle and configuration. */
class EmbeddedBrokerTest {
    @TempDir
    Path dir;

    EmbeddedBroker.Builder builder(Path data) {
        return EmbeddedBroker.builder().dataDir(data).namesrvPort(0).brokerPort(0)
                .set("mappedFileSizeCommitLog", String.valueOf(16 * 1024 * 1024));
    }

    @Test
    void startAndCloseTwiceInOneJvm() throws Exception {
        for (int round = 0; round < 2; round++) {
            try (EmbeddedBroker b = builder(dir.resolve("d")).build().start()) {
                assertTrue(b.url().startsWith("rocketjms://127.0.0.1:"), b.url());
                assertTrue(b.brokerAddress().startsWith("127.0.0.1:"));
                assertTrue(Files.exists(dir.resolve("d/store/abort")));
                try (TestClient c = new TestClient(b.brokerAddress(), "c")) {
                    RemotingCommand r = c.send("emb", 0, "round " + round);
                    assertEquals(0, r.getCode(), r.getRemark());
                }
            }
            assertFalse(Files.exists(dir.resolve("d/store/abort")), "clean close removes the abort file");
        }
    }

    @Test
    void unknownTopicIsRefusedWhenAutoCreationIsOff() throws Exception {
        try (EmbeddedBroker b = builder(dir.resolve("e")).set("autoCreateTopicEnable", "false").build().start();
             TestClient c = new TestClient(b.brokerAddress(), "c")) {
            RemotingCommand r = c.send("nope", -1, "x");
            assertEquals(BrokerResponseCode.TOPIC_NOT_EXIST, r.getCode());
            assertTrue(r.getRemark().contains("nope"), r.getRemark());
        }
    }

    @Test
    void brokerRegistersItsTopicsWithTheInProcessNameServer() throws Exception {
        try (EmbeddedBroker b = builder(dir.resolve("n")).build().start();
             TestClient c = new TestClient(b.brokerAddress(), "c")) {
            assertEquals(0, c.send("routed", -1, "x").getCode());
            String namesrv = "127.0.0.1:" + b.namesrvPort();
            RemotingCommand r = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                r = c.remoting.invokeSync(namesrv, RemotingCommand.createRequest(
                        org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC,
                        new org.rocketjms.remoting.protocol.namesrv.GetRouteInfoRequestHeader("routed")), 3000);
                if (r.getCode() == 0) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(0, r.getCode(), r.getRemark());
            var route = org.rocketjms.remoting.protocol.route.TopicRouteData.decode(r.getBody());
            assertEquals(b.brokerAddress(), route.brokerDatas().get(0).masterAddr());
            assertEquals(4, route.queueDatas().get(0).writeQueueNums());
        }
    }

    @Test
    void jmsClientIdIsUniqueAcrossLiveConnections() throws Exception {
        try (EmbeddedBroker b = builder(dir.resolve("cid")).build().start();
             TestClient c1 = new TestClient(b.brokerAddress(), "c1");
             TestClient c2 = new TestClient(b.brokerAddress(), "c2")) {
            int claim = org.rocketjms.remoting.protocol.broker.BrokerRequestCode.CLAIM_CLIENT_ID;
            int release = org.rocketjms.remoting.protocol.broker.BrokerRequestCode.RELEASE_CLIENT_ID;
            var h1 = new org.rocketjms.remoting.protocol.broker.ClientIdRequestHeader("app", "c1");
            var h2 = new org.rocketjms.remoting.protocol.broker.ClientIdRequestHeader("app", "c2");
            assertEquals(0, c1.call(claim, h1, null, 5000).getCode());
            assertEquals(0, c1.call(claim, h1, null, 5000).getCode(), "claiming again is harmless");
            RemotingCommand r = c2.call(claim, h2, null, 5000);
            assertEquals(BrokerResponseCode.CLIENT_ID_IN_USE, r.getCode());
            assertTrue(r.getRemark().contains("app"));
            assertEquals(0, c1.call(release, h1, null, 5000).getCode());
            assertEquals(0, c2.call(claim, h2, null, 5000).getCode());
            c2.close();
            long deadline = System.currentTimeMillis() + 5000;
            do {
                r = c1.call(claim, h1, null, 5000);
            } while (r.getCode() != 0 && System.currentTimeMillis() < deadline);
            assertEquals(0, r.getCode(), "a closed connection's claim is released");
        }
    }

    @Test
    void portInUseFailsCleanly() throws Exception {
        try (EmbeddedBroker a = builder(dir.resolve("a")).build().start()) {
            EmbeddedBroker b = builder(dir.resolve("b")).brokerPort(a.brokerPort()).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, b::start);
            assertTrue(e.getMessage().contains(String.valueOf(a.brokerPort())), e.getMessage());
            assertFalse(Files.exists(dir.resolve("b/store/abort")), "a failed start leaves the store closed");
            b.close();
        }
    }

    @Test
    void closeDoesNotWaitForTheReleaseTimerOfAConsumerThatLeft() throws Exception {
        EmbeddedBroker b = builder(dir.resolve("lost")).build().start();
        try (TestClient c = new TestClient(b.brokerAddress(), "leaver")) {
            assertEquals(0, c.heartbeat("g", "q").getCode()); // a consumer the broker tracks
        }
        // its connection closed: the broker schedules the release of its in-flight messages (30 s by default)
        long deadline = System.currentTimeMillis() + 5_000;
        while (!b.brokerController().getConsumerManager().isReleaseScheduled("leaver")) {
            assertTrue(System.currentTimeMillis() < deadline, "the broker never noticed the consumer leave");
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        b.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "closing took " + millis + " ms: it waited for a delayed task of a departed consumer");
    }

    @Test
    void unknownKeysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> builder(dir.resolve("f")).set("noSuchKey", "1").build().start());
    }
}
