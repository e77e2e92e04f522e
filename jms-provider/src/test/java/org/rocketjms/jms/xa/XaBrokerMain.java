package org.rocketjms.jms.xa;

import java.nio.file.Path;

import org.rocketjms.broker.EmbeddedBroker;

/**
 * Child-process entry point for {@link XaBrokerCrashTest}: runs an EmbeddedBroker (name server + broker) on a data
 * directory and ports, prints {@code READY <namesrvPort> <brokerPort>} and runs until it is killed.
 */
public final class XaBrokerMain {

    private XaBrokerMain() {
    }

    /**
     * @param args data directory, name server port, broker port (0 = any), transactionTimeoutMillis
     */
    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(Path.of(args[0]))
                .namesrvPort(Integer.parseInt(args[1])).brokerPort(Integer.parseInt(args[2]))
                .set("mappedFileSizeCommitLog", String.valueOf(32 * 1024 * 1024))
                .set("transactionTimeoutMillis", args[3])
                .set("transactionCheckIntervalMillis", "200").build().start();
        System.out.println("READY " + broker.namesrvPort() + " " + broker.brokerPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
