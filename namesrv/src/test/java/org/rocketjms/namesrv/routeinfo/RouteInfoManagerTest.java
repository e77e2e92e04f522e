package org.rocketjms.namesrv.routeinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.protocol.namesrv.DataVersion;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerBody;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerResponseHeader;
import org.rocketjms.remoting.protocol.namesrv.TopicConfigData;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.rocketjms.remoting.protocol.route.QueueData;
import org.rocketjms.remoting.protocol.route.TopicPerm;
import org.rocketjms.remoting.protocol.route.TopicRouteData;

class RouteInfoManagerTest {

    private static final long EXPIRY = 1000;
    private static final String CLUSTER = "DefaultCluster";
    private static final String ADDR_A = "10.0.0.1:10911";
    private static final String ADDR_A_SLAVE = "10.0.0.11:10911";
    private static final String ADDR_B = "10.0.0.2:10911";

    private final AtomicLong now = new AtomicLong(1_000_000);
    private RouteInfoManager rim;

    @BeforeEach
    void setUp() {
        rim = new RouteInfoManager(EXPIRY, now::get);
    }

    private static RegisterBrokerBody topics(long counter, TopicConfigData... configs) {
        return new RegisterBrokerBody(new DataVersion(7, counter), List.of(configs));
    }

    private static TopicConfigData topic(String name, int queues) {
        return new TopicConfigData(name, queues, queues, TopicPerm.READ_WRITE);
    }

    private RegisterBrokerResponseHeader register(String name, String addr, long id, RegisterBrokerBody body,
                                                  TestChannel ch) {
        return rim.registerBroker(CLUSTER, addr, name, id, null, body, ch);
    }

    @Test
    void unknownTopicHasNoRoute() {
        assertNull(rim.pickupTopicRouteData("nope"));
        assertTrue(rim.getAllTopicList().topics().isEmpty());
        assertTrue(rim.getClusterInfo().brokerAddrTable().isEmpty());
    }

    @Test
    void twoBrokersWithOverlappingTopicsMergeIntoOneRoute() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4), topic("audit", 1)), new TestChannel());
        register("broker-b", ADDR_B, 0, topics(1, topic("orders", 8), topic("billing", 2)), new TestChannel());

        TopicRouteData orders = rim.pickupTopicRouteData("orders");
        assertNotNull(orders);
        assertEquals(List.of(new QueueData("broker-a", 4, 4, TopicPerm.READ_WRITE),
                new QueueData("broker-b", 8, 8, TopicPerm.READ_WRITE)), orders.queueDatas());
        assertEquals(List.of(new BrokerData(CLUSTER, "broker-a", Map.of(0L, ADDR_A)),
                new BrokerData(CLUSTER, "broker-b", Map.of(0L, ADDR_B))), orders.brokerDatas());

        TopicRouteData audit = rim.pickupTopicRouteData("audit");
        assertEquals(1, audit.queueDatas().size());
        assertEquals("broker-a", audit.brokerDatas().get(0).brokerName());
        assertEquals(Set.of("audit", "billing", "orders"), rim.getAllTopicList().topics());

        ClusterInfo info = rim.getClusterInfo();
        assertEquals(Set.of("broker-a", "broker-b"), info.clusterAddrTable().get(CLUSTER));
        assertEquals(ADDR_B, info.brokerAddrTable().get("broker-b").masterAddr());
        assertEquals(2, rim.liveBrokerCount());
    }

    @Test
    void reRegistrationWithoutATopicRemovesItForThatBrokerOnly() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4), topic("audit", 1)), null);
        register("broker-b", ADDR_B, 0, topics(1, topic("orders", 8)), null);

        register("broker-a", ADDR_A, 0, topics(2, topic("audit", 2)), null);

        TopicRouteData orders = rim.pickupTopicRouteData("orders");
        assertEquals(List.of("broker-b"), orders.queueDatas().stream().map(QueueData::brokerName).toList());
        assertEquals(List.of("broker-b"), orders.brokerDatas().stream().map(BrokerData::brokerName).toList());
        assertEquals(2, rim.pickupTopicRouteData("audit").queueData("broker-a").writeQueueNums(), "updated");

        register("broker-b", ADDR_B, 0, topics(2), null);
        assertNull(rim.pickupTopicRouteData("orders"), "no broker serves it any more");
        assertEquals(Set.of("audit"), rim.getAllTopicList().topics());
        assertEquals(2, rim.getClusterInfo().brokerAddrTable().size(), "brokers stay registered");
    }

    @Test
    void unchangedDataVersionSkipsTheTopicTable() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), null);
        // same version, different content: the name server trusts the version and keeps its table
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 16)), null);
        assertEquals(4, rim.pickupTopicRouteData("orders").queueData("broker-a").readQueueNums());
        // a new version is applied
        register("broker-a", ADDR_A, 0, topics(2, topic("orders", 16)), null);
        assertEquals(16, rim.pickupTopicRouteData("orders").queueData("broker-a").readQueueNums());
        assertEquals(new DataVersion(7, 2), rim.brokerLiveInfo(ADDR_A).dataVersion());
    }

    @Test
    void registrationWithoutBodyOnlyRefreshesLiveness() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), null);
        now.addAndGet(800);
        register("broker-a", ADDR_A, 0, null, null);
        assertNotNull(rim.pickupTopicRouteData("orders"));
        assertEquals(new DataVersion(7, 1), rim.brokerLiveInfo(ADDR_A).dataVersion());
        now.addAndGet(800);
        assertEquals(0, rim.scanNotActiveBroker(), "the body-less heartbeat counted");
    }

    @Test
    void unregisterRemovesTheBrokerAndItsRoutes() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4), topic("audit", 1)), null);
        register("broker-b", ADDR_B, 0, topics(1, topic("orders", 8)), null);

        assertTrue(rim.unregisterBroker(CLUSTER, ADDR_A, "broker-a", 0));
        assertFalse(rim.unregisterBroker(CLUSTER, ADDR_A, "broker-a", 0), "second time is a no-op");

        assertNull(rim.pickupTopicRouteData("audit"));
        TopicRouteData orders = rim.pickupTopicRouteData("orders");
        assertEquals(1, orders.queueDatas().size());
        assertNull(orders.brokerData("broker-a"));
        assertEquals(Set.of("broker-b"), rim.getClusterInfo().clusterAddrTable().get(CLUSTER));
        assertNull(rim.brokerLiveInfo(ADDR_A));

        assertTrue(rim.unregisterBroker(CLUSTER, ADDR_B, "broker-b", 0));
        assertTrue(rim.getClusterInfo().clusterAddrTable().isEmpty(), "empty cluster removed");
        assertTrue(rim.getAllTopicList().topics().isEmpty());
    }

    @Test
    void scanRemovesOnlyBrokersSilentLongerThanTheExpiry() {
        TestChannel chA = new TestChannel();
        TestChannel chB = new TestChannel();
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), chA);
        register("broker-b", ADDR_B, 0, topics(1, topic("orders", 4)), chB);

        now.addAndGet(600);
        register("broker-b", ADDR_B, 0, topics(1, topic("orders", 4)), chB); // heartbeat
        now.addAndGet(EXPIRY - 600);
        assertEquals(0, rim.scanNotActiveBroker(), "exactly at the expiry is not yet expired");
        now.addAndGet(1);

        assertEquals(1, rim.scanNotActiveBroker());
        assertTrue(chA.isClosed(), "the expired broker's connection is closed");
        assertFalse(chB.isClosed());
        TopicRouteData orders = rim.pickupTopicRouteData("orders");
        assertEquals(List.of("broker-b"), orders.brokerDatas().stream().map(BrokerData::brokerName).toList());
        assertFalse(rim.getClusterInfo().brokerAddrTable().containsKey("broker-a"));

        now.addAndGet(EXPIRY);
        assertEquals(1, rim.scanNotActiveBroker());
        assertNull(rim.pickupTopicRouteData("orders"));
        assertEquals(0, rim.liveBrokerCount());
    }

    @Test
    void closedChannelRemovesTheBrokerThatRegisteredOverIt() {
        TestChannel chA = new TestChannel();
        TestChannel clientChannel = new TestChannel();
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), chA);

        assertFalse(rim.onChannelDestroy(clientChannel), "a client connection is not a broker");
        assertFalse(rim.onChannelDestroy(null));
        assertNotNull(rim.pickupTopicRouteData("orders"));

        assertTrue(rim.onChannelDestroy(chA));
        assertNull(rim.pickupTopicRouteData("orders"));
        assertTrue(rim.getClusterInfo().brokerAddrTable().isEmpty());
        assertFalse(rim.onChannelDestroy(chA), "second close event is a no-op");
    }

    @Test
    void closeOfAnOldConnectionDoesNotRemoveABrokerThatReconnected() {
        TestChannel oldChannel = new TestChannel();
        TestChannel newChannel = new TestChannel();
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), oldChannel);
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), newChannel);
        assertFalse(rim.onChannelDestroy(oldChannel));
        assertNotNull(rim.pickupTopicRouteData("orders"));
    }

    @Test
    void slavesAddAddressesKeepTopicsReadableAndLearnTheirMaster() {
        RegisterBrokerResponseHeader masterResult = rim.registerBroker(CLUSTER, ADDR_A, "broker-a", 0,
                "10.0.0.1:10912", topics(1, topic("orders", 4)), null);
        assertEquals(ADDR_A, masterResult.masterAddr());

        RegisterBrokerResponseHeader slaveResult = register("broker-a", ADDR_A_SLAVE, 1,
                topics(1, topic("ignored-by-slave", 1)), null);
        assertEquals(ADDR_A, slaveResult.masterAddr());
        assertEquals("10.0.0.1:10912", slaveResult.haServerAddr());
        assertNull(rim.pickupTopicRouteData("ignored-by-slave"), "slaves do not define topics");

        TopicRouteData orders = rim.pickupTopicRouteData("orders");
        assertEquals(Map.of(0L, ADDR_A, 1L, ADDR_A_SLAVE), orders.brokerData("broker-a").brokerAddrs());

        rim.unregisterBroker(CLUSTER, ADDR_A, "broker-a", 0);
        TopicRouteData viaSlave = rim.pickupTopicRouteData("orders");
        assertNotNull(viaSlave, "topics stay readable through the slave");
        assertNull(viaSlave.brokerData("broker-a").masterAddr(), "but there is no master to write to");
        assertNull(register("broker-a", ADDR_A_SLAVE, 1, null, null).masterAddr());

        rim.unregisterBroker(CLUSTER, ADDR_A_SLAVE, "broker-a", 1);
        assertNull(rim.pickupTopicRouteData("orders"));
    }

    @Test
    void addressReusedByAnotherBrokerDetachesTheOldIdentity() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), null);
        register("broker-z", ADDR_A, 0, topics(1, topic("other", 2)), null);
        assertNull(rim.pickupTopicRouteData("orders"), "broker-a had no other address");
        assertEquals(Set.of("broker-z"), rim.getClusterInfo().brokerAddrTable().keySet());
        assertEquals("broker-z", rim.brokerLiveInfo(ADDR_A).brokerName());
    }

    @Test
    void masterMovingToANewAddressDropsTheOldAddress() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), null);
        register("broker-a", "10.0.0.99:10911", 0, topics(1, topic("orders", 4)), null);
        assertNull(rim.brokerLiveInfo(ADDR_A));
        assertEquals("10.0.0.99:10911", rim.pickupTopicRouteData("orders").brokerData("broker-a").masterAddr());
        assertEquals(1, rim.liveBrokerCount());
    }

    @Test
    void brokerChangingClusterMovesBetweenClusters() {
        register("broker-a", ADDR_A, 0, topics(1, topic("orders", 4)), null);
        rim.registerBroker("OtherCluster", ADDR_A, "broker-a", 0, null, topics(1, topic("orders", 4)), null);
        ClusterInfo info = rim.getClusterInfo();
        assertEquals(Set.of("OtherCluster"), info.clusterAddrTable().keySet());
        assertEquals("OtherCluster", info.brokerAddrTable().get("broker-a").cluster());
        assertNotNull(rim.pickupTopicRouteData("orders"));
    }

    @Test
    void concurrentRegistrationsAndQueriesStayConsistent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                String name = "broker-" + b;
                String addr = "10.0.1." + b + ":10911";
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 1; i <= 300; i++) {
                        RegisterBrokerBody body = i % 2 == 0 ? topics(i, topic("shared", 4), topic(name + "-own", 1))
                                : topics(i, topic("shared", 4));
                        rim.registerBroker(CLUSTER, addr, name, 0, null, body, null);
                        if (i % 50 == 25) {
                            rim.unregisterBroker(CLUSTER, addr, name, 0);
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 2000; i++) {
                    TopicRouteData route = rim.pickupTopicRouteData("shared");
                    if (route != null) {
                        for (QueueData q : route.queueDatas()) {
                            assertNotNull(route.brokerData(q.brokerName()), "queue data without broker data");
                        }
                    }
                    rim.getClusterInfo();
                }
                return null;
            }));
            go.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertEquals(3, rim.pickupTopicRouteData("shared").queueDatas().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
