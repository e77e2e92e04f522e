package org.rocketjms.remoting.protocol.namesrv;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;

/**
 * Header of {@link NamesrvRequestCode#UNREGISTER_BROKER}: the same identity a broker registered with.
 *
 * <p>Guarantees after {@link #decode(Map)}: all names and the address are present and not empty, the
 * broker id is not negative.
 */
public final class UnregisterBrokerRequestHeader implements CommandHeader {

    static final String CLUSTER_NAME = "clusterName";
    static final String BROKER_NAME = "brokerName";
    static final String BROKER_ADDR = "brokerAddr";
    static final String BROKER_ID = "brokerId";

    private final String clusterName;
    private final String brokerName;
    private final String brokerAddr;
    private final long brokerId;

    /** Creates a header. */
    public UnregisterBrokerRequestHeader(String clusterName, String brokerName, String brokerAddr, long brokerId) {
        this.clusterName = clusterName;
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
        this.brokerId = brokerId;
    }

    /** Decodes the header, validating it as the class comment says. */
    public static UnregisterBrokerRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new UnregisterBrokerRequestHeader(
                NamesrvHeaders.requireNonEmpty(ext, CLUSTER_NAME),
                NamesrvHeaders.requireNonEmpty(ext, BROKER_NAME),
                NamesrvHeaders.requireNonEmpty(ext, BROKER_ADDR),
                NamesrvHeaders.requireBrokerId(ext, BROKER_ID));
    }

    @Override
    public void encode(Map<String, String> ext) {
        NamesrvHeaders.put(ext, CLUSTER_NAME, clusterName);
        NamesrvHeaders.put(ext, BROKER_NAME, brokerName);
        NamesrvHeaders.put(ext, BROKER_ADDR, brokerAddr);
        ext.put(BROKER_ID, Long.toString(brokerId));
    }

    /** Cluster the broker belongs to. */
    public String clusterName() {
        return clusterName;
    }

    /** Name shared by a master and its slaves. */
    public String brokerName() {
        return brokerName;
    }

    /** Address the broker registered with. */
    public String brokerAddr() {
        return brokerAddr;
    }

    /** 0 for the master, positive for a slave. */
    public long brokerId() {
        return brokerId;
    }

    @Override
    public String toString() {
        return "UnregisterBrokerRequestHeader[" + clusterName + '/' + brokerName + '#' + brokerId + " at "
                + brokerAddr + ']';
    }
}
