package org.rocketjms.broker;

import org.rocketjms.namesrv.NamesrvConfig;
import org.rocketjms.namesrv.NamesrvController;
import org.rocketjms.remoting.exception.RemotingException;

/** The in-process name server of {@link EmbeddedBroker} (and so of {@code rocketjms standalone}). */
final class NameServerSupport {
    private final int configuredPort;
    private NamesrvController controller;

    NameServerSupport(int port) {
        this.configuredPort = port;
    }

    void start() {
        NamesrvConfig cfg = new NamesrvConfig();
        cfg.setListenPort(configuredPort);
        controller = new NamesrvController(cfg);
        try {
            controller.start();
        } catch (RemotingException e) {
            throw new IllegalStateException("the name server cannot listen on port " + configuredPort + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:<port>} for broker registration, or null when not running. */
    String address() {
        return controller == null ? null : "127.0.0.1:" + controller.port();
    }

    int port() {
        return controller == null ? configuredPort : controller.port();
    }

    NamesrvController controller() {
        return controller;
    }

    void shutdown() {
        if (controller != null) {
            controller.shutdown();
        }
    }
}
