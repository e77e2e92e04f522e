package org.rocketjms.jms.client;

/**
 * Child-process entry point for {@link KilledClientTest}: pops one message of a group, prints
 * {@code POPPED <msgId>} and then hangs without acking until it is killed.
 */
public final class PopAndHangMain {

    private PopAndHangMain() {
    }

    /**
     * @param args name server URL, group, topic
     */
    public static void main(String[] args) throws Exception {
        ClientConfig config = new ClientConfig(args[0]);
        config.setClientId("doomed-child");
        config.setPrefetchMessages(1);
        config.setPopBatchSize(1);
        // keep held POPs shorter than the broker's consumer-lost timeout: a POP still parked at the broker when
        // this process dies would otherwise be woken by the release and swallow the message (see the report)
        config.setLongPollSuspendMillis(1_000);
        ClientInstance ci = new ClientInstance(config);
        ci.start();
        PopConsumerCore consumer = ci.createPopConsumer(Subscription.all(args[1], args[2]));
        consumer.start();
        ReceivedMessage m = consumer.receive(30_000);
        System.out.println(m == null ? "NOTHING" : "POPPED " + m.getMsgId() + " " + m.getDeliveryCount());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
