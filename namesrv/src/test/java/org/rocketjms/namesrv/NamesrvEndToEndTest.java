package org.rocketjms.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.DataVersion;
import org.rocketjms.remoting.protocol.namesrv.GetRouteInfoRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerResponseHeader;
import org.rocketjms.remoting.protocol.namesrv.TopicConfigData;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.rocketjms.remoting.protocol.route.QueueData;
import org.rocketjms.remoting.protocol.route.TopicPerm;
import org.rocketjms.remoting.protocol.route.TopicRouteData;

/** A real name server on a loopback ephemeral port, driven over the wire with NettyRemotingClient. */
class NamesrvEndToEndTest {

    private static final String CLUSTER = "DefaultCluster";

    private NamesrvController namesrv;
    private String addr;
    private NettyRemotingClient brokerClient;
    private NettyRemotingClient queryClient;

    @BeforeEach
    void setUp() throws Exception {
        NamesrvConfig config = new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1")
                .setBrokerChannelExpiredTime(400).setScanNotActiveBrokerInterval(100)
                .setServerWorkerThreads(1).setDefaultThreadPoolNums(1).setClientRequestThreadPoolNums(1);
        namesrv = new NamesrvController(config);
        namesrv.start();
        addr = "127.0.0.1:" + namesrv.port();
        brokerClient = newClient();
        queryClient = newClient();
    }

    private static NettyRemotingClient newClient() throws Exception {
        NettyClientConfig cc = new NettyClientConfig();
        cc.setWorkerThreads(1);
        cc.setCallbackExecutorThreads(1);
        NettyRemotingClient client = new NettyRemotingClient(cc);
        client.start();
        return client;
    }

    @AfterEach
    void tearDown() {
        if (brokerClient != null) {
            brokerClient.shutdown();
        }
        if (queryClient != null) {
            queryClient.shutdown();
        }
        if (namesrv != null) {
            namesrv.shutdown();
        }
    }

    private static List<TopicConfigData> topics(String... names) {
        return java.util.Arrays.stream(names).map(n -> new TopicConfigData(n, 4, 4, TopicPerm.READ_WRITE)).toList();
    }

    @Test
    void registerThenRouteClusterInfoAndTopicList() throws Exception {
        RegisterBrokerResponseHeader result = NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER,
                "broker-a", "127.0.0.1:10911", 0, new DataVersion(1, 1), topics("orders", "audit"));
        assertEquals("127.0.0.1:10911", result.masterAddr());
        NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-b", "127.0.0.1:10921", 0,
                new DataVersion(1, 1), topics("orders"));

        TopicRouteData route = NamesrvUsageExample.getRoute(queryClient, addr, "orders");
        assertNotNull(route);
        assertEquals(List.of(new QueueData("broker-a", 4, 4, TopicPerm.READ_WRITE),
                new QueueData("broker-b", 4, 4, TopicPerm.READ_WRITE)), route.queueDatas());
        assertEquals(new BrokerData(CLUSTER, "broker-a", Map.of(0L, "127.0.0.1:10911")), route.brokerData("broker-a"));
        assertEquals(route, NamesrvUsageExample.getRoute(queryClient, addr, "orders"), "unchanged route is equal");

        ClusterInfo info = NamesrvUsageExample.getClusterInfo(queryClient, addr);
        assertEquals(Set.of("broker-a", "broker-b"), info.clusterAddrTable().get(CLUSTER));
        assertEquals("127.0.0.1:10921", info.brokerAddrTable().get("broker-b").masterAddr());

        assertEquals(Set.of("audit", "orders"), NamesrvUsageExample.getAllTopics(queryClient, addr).topics());
    }

    @Test
    void unknownTopicIsAnsweredTopicNotExistWithARemarkNamingIt() throws Exception {
        RemotingCommand response = queryClient.invokeSync(addr, RemotingCommand.createRequest(
                NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC, new GetRouteInfoRequestHeader("no-such-topic")), 3000);
        assertEquals(NamesrvResponseCode.TOPIC_NOT_EXIST, response.getCode());
        assertTrue(response.getRemark().contains("no-such-topic"), response.getRemark());
        assertNull(response.getBody());
        assertNull(NamesrvUsageExample.getRoute(queryClient, addr, "no-such-topic"));
    }

    @Test
    void malformedRequestsAndUnknownCodesGetErrorResponses() throws Exception {
        RemotingCommand noTopic = RemotingCommand.createRequest(NamesrvRequestCode.GET_ROUTEINFO_BY_TOPIC);
        RemotingCommand response = queryClient.invokeSync(addr, noTopic, 3000);
        assertEquals(NamesrvResponseCode.INVALID_REQUEST, response.getCode());
        assertTrue(response.getRemark().contains("topic"), response.getRemark());

        RemotingCommand badBody = RemotingCommand.createRequest(NamesrvRequestCode.REGISTER_BROKER,
                new RegisterBrokerRequestHeader(CLUSTER, "broker-x", "127.0.0.1:1", 0, null));
        badBody.setBody(new byte[] {1, 2, 3});
        response = brokerClient.invokeSync(addr, badBody, 3000);
        assertEquals(NamesrvResponseCode.INVALID_REQUEST, response.getCode());
        assertTrue(response.getRemark().contains("RegisterBrokerBody"), response.getRemark());
        assertTrue(NamesrvUsageExample.getClusterInfo(queryClient, addr).brokerAddrTable().isEmpty());

        response = queryClient.invokeSync(addr, RemotingCommand.createRequest(199), 3000);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
    }

    @Test
    void brokerThatStopsHeartbeatingExpires() throws Exception {
        NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0,
                new DataVersion(1, 1), topics("orders"));
        assertNotNull(NamesrvUsageExample.getRoute(queryClient, addr, "orders"));
        // keep heartbeating for longer than the expiry: the broker must stay
        for (int i = 0; i < 4; i++) {
            Thread.sleep(150);
            NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0,
                    new DataVersion(1, 1), topics("orders"));
        }
        assertNotNull(NamesrvUsageExample.getRoute(queryClient, addr, "orders"));
        // stop heartbeating (the connection stays open): the scanner drops it after 400 ms
        long start = System.nanoTime();
        awaitTrue(() -> NamesrvUsageExample.getRoute(queryClient, addr, "orders") == null, 5000);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "not before the expiry");
        assertTrue(NamesrvUsageExample.getClusterInfo(queryClient, addr).brokerAddrTable().isEmpty());
        assertEquals(0, namesrv.routeInfoManager().liveBrokerCount());
    }

    @Test
    void unregisterRemovesTheRoute() throws Exception {
        NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0,
                new DataVersion(1, 1), topics("orders"));
        NamesrvUsageExample.unregisterBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0);
        assertNull(NamesrvUsageExample.getRoute(queryClient, addr, "orders"));
        assertTrue(NamesrvUsageExample.getAllTopics(queryClient, addr).topics().isEmpty());
        // unregistering again is harmless
        NamesrvUsageExample.unregisterBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0);
    }

    @Test
    void closingTheBrokersConnectionRemovesIt() throws Exception {
        NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0,
                new DataVersion(1, 1), topics("orders"));
        brokerClient.closeChannel(addr);
        awaitTrue(() -> NamesrvUsageExample.getRoute(queryClient, addr, "orders") == null, 5000);
        // the broker reconnects and registers again: the route is back
        NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0,
                new DataVersion(1, 1), topics("orders"));
        assertNotNull(NamesrvUsageExample.getRoute(queryClient, addr, "orders"));
    }

    @Test
    void aQueryClientClosingItsConnectionDoesNotAffectBrokers() throws Exception {
        NamesrvUsageExample.registerBroker(brokerClient, addr, CLUSTER, "broker-a", "127.0.0.1:10911", 0,
                new DataVersion(1, 1), topics("orders"));
        assertNotNull(NamesrvUsageExample.getRoute(queryClient, addr, "orders"));
        queryClient.closeChannel(addr);
        Thread.sleep(100);
        assertNotNull(NamesrvUsageExample.getRoute(queryClient, addr, "orders"));
    }

    static void awaitTrue(Callable<Boolean> condition, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("condition not met within " + timeoutMillis + " ms");
    }
}
