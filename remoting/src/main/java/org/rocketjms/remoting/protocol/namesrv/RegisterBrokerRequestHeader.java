package org.rocketjms.remoting.protocol.namesrv;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;

/**
 * Header of {@link NamesrvRequestCode#REGISTER_BROKER}: who the broker is and where it listens.
 *
 * <p>Guarantees after {@link #decode(Map)}: cluster name, broker name and broker address are present and
 * not empty, the broker id is not negative ({@code 0} = master); the HA server address may be null.
 */
public final class RegisterBrokerRequestHeader implements CommandHeader {

    static final String CLUSTER_NAME = "clusterName";
    static final String BROKER_NAME = "brokerName";
    static final String BROKER_ADDR = "brokerAddr";
    static final String BROKER_ID = "brokerId";
    static final String HA_SERVER_ADDR = "haServerAddr";

    private final String clusterName;
    private final String brokerName;
    private final String brokerAddr;
    private final long brokerId;
    private final String haServerAddr;

    /**
     * Creates a header.
     *
     * @param clusterName cluster the broker belongs to
     * @param brokerName name shared by a master and its slaves
     * @param brokerAddr {@code host:port} clients and producers connect to
     * @param brokerId 0 for the master, a positive id for a slave
     * @param haServerAddr {@code host:port} of the replication endpoint, or null
     */
    public RegisterBrokerRequestHeader(String clusterName, String brokerName, String brokerAddr, long brokerId,
                                       String haServerAddr) {
        this.clusterName = clusterName;
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
        this.brokerId = brokerId;
        this.haServerAddr = haServerAddr;
    }

    /** Decodes the header, validating it as the class comment says. */
    public static RegisterBrokerRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new RegisterBrokerRequestHeader(
                NamesrvHeaders.requireNonEmpty(ext, CLUSTER_NAME),
                NamesrvHeaders.requireNonEmpty(ext, BROKER_NAME),
                NamesrvHeaders.requireNonEmpty(ext, BROKER_ADDR),
                NamesrvHeaders.requireBrokerId(ext, BROKER_ID),
                ext.get(HA_SERVER_ADDR));
    }

    @Override
    public void encode(Map<String, String> ext) {
        NamesrvHeaders.put(ext, CLUSTER_NAME, clusterName);
        NamesrvHeaders.put(ext, BROKER_NAME, brokerName);
        NamesrvHeaders.put(ext, BROKER_ADDR, brokerAddr);
        ext.put(BROKER_ID, Long.toString(brokerId));
        NamesrvHeaders.put(ext, HA_SERVER_ADDR, haServerAddr);
    }

    /** Cluster the broker belongs to. */
    public String clusterName() {
        return clusterName;
    }

    /** Name shared by a master and its slaves. */
    public String brokerName() {
        return brokerName;
    }

    /** Address ({@code host:port}) the broker serves requests on. */
    public String brokerAddr() {
        return brokerAddr;
    }

    /** 0 for the master, positive for a slave. */
    public long brokerId() {
        return brokerId;
    }

    /** Replication endpoint ({@code host:port}), or null. */
    public String haServerAddr() {
        return haServerAddr;
    }

    @Override
    public String toString() {
        return "RegisterBrokerRequestHeader[" + clusterName + '/' + brokerName + '#' + brokerId + " at " + brokerAddr
                + (haServerAddr != null ? ", ha=" + haServerAddr : "") + ']';
    }
}
