package org.rocketjms.perfpeers.activemq;

import java.io.File;
import java.util.concurrent.CountDownLatch;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * Starts an ActiveMQ Classic broker for perf/compare.sh: persistent with KahaDB at its defaults, one OpenWire
 * acceptor on loopback, no JMX. Prints one {@code started} line and runs until SIGTERM.
 *
 * <pre>java -cp perf-peers/activemq-classic/target/classes:perf-peers/activemq-classic/target/lib/* \
 *   org.rocketjms.perfpeers.activemq.ActiveMqClassicBroker --data DIR [--port 61616]</pre>
 */
public final class ActiveMqClassicBroker {
    private ActiveMqClassicBroker() {
    }

    public static void main(String[] args) throws Exception {
        File data = null;
        int port = 61616;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = new File(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; usage: --data DIR [--port N]");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        BrokerService broker = new BrokerService();
        broker.setBrokerName("perf");
        broker.setUseJmx(false);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(data);
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(new File(data, "kahadb"));
        broker.setPersistenceAdapter(kahaDb);
        String url = "tcp://127.0.0.1:" + port;
        broker.addConnector(url);
        broker.start();
        broker.waitUntilStarted();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
                broker.waitUntilStopped();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("ActiveMQ Classic started: " + url + " (KahaDB in " + data + ")");
        stopped.await();
    }
}
