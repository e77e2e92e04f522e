package org.rocketjms.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.protocol.namesrv.DataVersion;
import org.rocketjms.remoting.protocol.namesrv.TopicConfigData;
import org.rocketjms.remoting.protocol.route.TopicPerm;

class NamesrvControllerTest {

    private static NamesrvConfig loopbackConfig() {
        return new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1").setServerWorkerThreads(1)
                .setDefaultThreadPoolNums(1).setClientRequestThreadPoolNums(1);
    }

    @Test
    void twoControllersStartAndShutDownOneAfterTheOtherInOneJvm() throws Exception {
        for (int round = 0; round < 2; round++) {
            NamesrvController controller = new NamesrvController(loopbackConfig());
            assertEquals(-1, controller.port());
            assertFalse(controller.isRunning());
            controller.start();
            try {
                assertTrue(controller.isRunning());
                assertTrue(controller.port() > 0);
                assertEquals("127.0.0.1:" + controller.port(), controller.listenAddress());
                roundTrip(controller);
            } finally {
                controller.shutdown();
            }
            assertFalse(controller.isRunning());
            controller.shutdown(); // idempotent
        }
        // every thread the controllers created is gone (helper executors stop asynchronously)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> alive = serverThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alive = serverThreads();
        }
        assertEquals(List.of(), alive, "threads still alive after shutdown");
    }

    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("rocketjms-namesrv") || n.startsWith("rocketjms-server"))
                .toList();
    }

    @Test
    void twoControllersRunSideBySideWithSeparateRegistries() throws Exception {
        NamesrvController first = new NamesrvController(loopbackConfig());
        NamesrvController second = new NamesrvController(loopbackConfig());
        first.start();
        try {
            second.start();
            try {
                assertNotEquals(first.port(), second.port());
                roundTrip(first);
                assertEquals(0, second.routeInfoManager().liveBrokerCount());
            } finally {
                second.shutdown();
            }
        } finally {
            first.shutdown();
        }
    }

    @Test
    void startingTwiceOrAfterShutdownIsRefused() throws Exception {
        NamesrvController controller = new NamesrvController(loopbackConfig());
        controller.start();
        try {
            assertThrows(IllegalStateException.class, controller::start);
        } finally {
            controller.shutdown();
        }
        assertThrows(IllegalStateException.class, controller::start);
        NamesrvController never = new NamesrvController(loopbackConfig());
        never.shutdown();
        assertThrows(IllegalStateException.class, never::start);
    }

    @Test
    void aPortInUseFailsStartCleanly() throws Exception {
        NamesrvController first = new NamesrvController(loopbackConfig());
        first.start();
        try {
            NamesrvController clash = new NamesrvController(loopbackConfig().setListenPort(first.port()));
            assertThrows(RemotingException.class, clash::start);
            assertFalse(clash.isRunning());
            clash.shutdown();
            roundTrip(first);
        } finally {
            first.shutdown();
        }
    }

    @Test
    void invalidConfigIsRejectedAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new NamesrvController(loopbackConfig().setBrokerChannelExpiredTime(0)));
        assertThrows(IllegalArgumentException.class, () -> new NamesrvController(loopbackConfig().setListenPort(70000)));
    }

    private static void roundTrip(NamesrvController controller) throws Exception {
        String addr = "127.0.0.1:" + controller.port();
        NettyClientConfig cc = new NettyClientConfig();
        cc.setWorkerThreads(1);
        NettyRemotingClient client = new NettyRemotingClient(cc);
        client.start();
        try {
            NamesrvUsageExample.registerBroker(client, addr, "c", "b", "127.0.0.1:10911", 0, new DataVersion(1, 1),
                    List.of(new TopicConfigData("t", 1, 1, TopicPerm.READ_WRITE)));
            assertEquals(Set.of("t"), NamesrvUsageExample.getAllTopics(client, addr).topics());
        } finally {
            client.shutdown();
        }
    }
}
