package org.rocketjms.jms.client;

import java.util.Map;
import java.util.TreeMap;

import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.AuthenticateRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.route.BrokerData;
import org.rocketjms.remoting.protocol.route.ClusterInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a connection's credentials with every master broker the name servers know (AUTHENTICATE). The JMS layer
 * calls {@link #authenticate} from {@code createConnection} and turns a {@link ClientException} whose code is
 * {@link BrokerResponseCode#NO_PERMISSION} into a {@code JMSSecurityException}.
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private Authenticator() {
    }

    /**
     * Authenticates {@code user} (null = anonymous) with every master broker of the cluster.
     *
     * @throws ClientException code {@link BrokerResponseCode#NO_PERMISSION} with the broker's remark ("invalid user
     *                         name or password") if a broker refused; {@link ClientException#NO_ROUTE} if no broker
     *                         is registered; a network failure otherwise
     */
    public static void authenticate(ClientInstance client, String user, String password) throws ClientException {
        Map<String, String> brokers = new TreeMap<>();
        try {
            ClusterInfo ci = client.routes().fetchClusterInfo();
            for (BrokerData b : ci.brokerAddrTable().values()) {
                if (b.masterAddr() != null) {
                    brokers.put(b.brokerName(), b.masterAddr());
                }
            }
            if (brokers.isEmpty()) {
                throw new ClientException(ClientException.NO_ROUTE, "no broker is registered with the name servers "
                        + client.routes().namesrvAddrs());
            }
            for (Map.Entry<String, String> b : brokers.entrySet()) {
                RemotingCommand resp = client.invoke(b.getValue(), RemotingCommand.createRequest(
                        BrokerRequestCode.AUTHENTICATE, new AuthenticateRequestHeader(user, password)),
                        client.config().getRequestTimeoutMillis());
                if (resp.getCode() != ResponseCode.SUCCESS) {
                    LOG.debug("broker {} refused user {}: {} {}", b.getKey(), user, resp.getCode(), resp.getRemark());
                    throw new ClientException(resp.getCode(), resp.getRemark());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.INTERRUPTED, "interrupted while authenticating", e);
        }
    }
}
