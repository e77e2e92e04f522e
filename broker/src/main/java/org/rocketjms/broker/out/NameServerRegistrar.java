package org.rocketjms.broker.out;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.rocketjms.broker.BrokerConfig;
import org.rocketjms.broker.topic.TopicConfig;
import org.rocketjms.remoting.exception.RemotingException;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.namesrv.DataVersion;
import org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerBody;
import org.rocketjms.remoting.protocol.namesrv.RegisterBrokerRequestHeader;
import org.rocketjms.remoting.protocol.namesrv.TopicConfigData;
import org.rocketjms.remoting.protocol.namesrv.UnregisterBrokerRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the broker and its (non-system) topics with every configured name server, periodically and whenever
 * a topic changes, and unregisters it at shutdown. Failures are logged and retried at the next period; they never
 * stop the broker.
 */
public final class NameServerRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long TIMEOUT_MILLIS = 3000;

    private final BrokerConfig config;
    private final List<String> addresses;
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
    private final AtomicReference<DataVersion> version = new AtomicReference<>(DataVersion.initial());
    private volatile boolean started;

    /** @param config the broker's settings ({@code namesrvAddr}: {@code host:port;host:port}) */
    public NameServerRegistrar(BrokerConfig config) {
        this.config = config;
        List<String> a = new ArrayList<>();
        if (config.getNamesrvAddr() != null) {
            for (String s : config.getNamesrvAddr().split(";")) {
                if (!s.isBlank()) {
                    a.add(s.trim());
                }
            }
        }
        this.addresses = a;
    }

    /** Whether any name server is configured. */
    public boolean enabled() {
        return !addresses.isEmpty();
    }

    /** Starts the client. */
    public void start() throws RemotingException {
        if (enabled()) {
            client.start();
            started = true;
        }
    }

    /** Marks the topic table changed (the next registration carries a new data version). */
    public void topicsChanged() {
        version.updateAndGet(DataVersion::next);
    }

    /** Registers with every name server; returns how many accepted. */
    public int registerAll(String brokerAddr, Collection<TopicConfig> topics) {
        if (!started) {
            return 0;
        }
        List<TopicConfigData> data = new ArrayList<>();
        for (TopicConfig tc : topics) {
            if (!tc.isSystem()) {
                data.add(new TopicConfigData(tc.getTopicName(), tc.getReadQueueNums(), tc.getWriteQueueNums(),
                        tc.getPerm()));
            }
        }
        byte[] body = new RegisterBrokerBody(version.get(), data).encode();
        int ok = 0;
        for (String addr : addresses) {
            RemotingCommand req = RemotingCommand.createRequest(NamesrvRequestCode.REGISTER_BROKER,
                    new RegisterBrokerRequestHeader(config.getBrokerClusterName(), config.getBrokerName(), brokerAddr,
                            config.getBrokerId(), null));
            req.setBody(body);
            try {
                RemotingCommand resp = client.invokeSync(addr, req, TIMEOUT_MILLIS);
                if (resp.getCode() == ResponseCode.SUCCESS) {
                    ok++;
                } else {
                    LOG.warn("name server {} refused the registration: {} {}", addr, resp.getCode(), resp.getRemark());
                }
            } catch (RemotingException e) {
                LOG.warn("registering with name server {} failed: {}", addr, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ok;
            }
        }
        return ok;
    }

    /** Unregisters from every name server and stops the client. */
    public void shutdown(String brokerAddr) {
        if (!started) {
            return;
        }
        started = false;
        for (String addr : addresses) {
            RemotingCommand req = RemotingCommand.createRequest(NamesrvRequestCode.UNREGISTER_BROKER,
                    new UnregisterBrokerRequestHeader(config.getBrokerClusterName(), config.getBrokerName(), brokerAddr,
                            config.getBrokerId()));
            try {
                client.invokeSync(addr, req, TIMEOUT_MILLIS);
            } catch (RemotingException e) {
                LOG.warn("unregistering from name server {} failed: {}", addr, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.shutdown();
    }
}
