package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rocketjms.jms.impl.DestinationNames;

/**
 * Waits until the name server knows a queue's topic. A producer whose route is still provisional (the broker created
 * the topic on the first send and has not registered it yet) sends synchronously until the route is real, so a test
 * that needs a send to be pipelined must have the route first.
 */
public final class RouteProbe {

    private RouteProbe() {
    }

    /** Returns once the name servers of {@code url} answer a route for the JMS queue {@code queue} (10 s at most). */
    public static void awaitRouteOf(String url, String queue) throws Exception {
        ClientConfig cfg = new ClientConfig(url);
        cfg.setClientId("route-probe-" + queue);
        try (ClientInstance probe = new ClientInstance(cfg)) {
            probe.start();
            String topic = DestinationNames.QUEUE_PREFIX + queue;
            long deadline = System.currentTimeMillis() + 10_000;
            while (probe.topicRoute(topic) == null) {
                assertTrue(System.currentTimeMillis() < deadline, "the name server never learned of " + topic);
                Thread.sleep(20);
            }
        }
    }
}
