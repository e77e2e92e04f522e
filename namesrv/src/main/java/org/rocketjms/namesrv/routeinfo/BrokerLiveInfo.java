package org.rocketjms.namesrv.routeinfo;

import org.rocketjms.remoting.protocol.namesrv.DataVersion;

/**
 * A snapshot of what the name server knows about one registered broker address: who it is, when it
 * last registered and which topic table version it sent. For monitoring and tests; changing the
 * registry never changes a snapshot already taken.
 *
 * @param brokerAddr the address the broker registered with
 * @param clusterName its cluster
 * @param brokerName its broker name
 * @param brokerId 0 for a master, positive for a slave
 * @param haServerAddr its replication endpoint, or null
 * @param dataVersion version of the last topic table it sent, or null if it never sent one
 * @param lastUpdateMillis monotonic time of the last registration, in the registry clock's milliseconds
 */
public record BrokerLiveInfo(String brokerAddr, String clusterName, String brokerName, long brokerId,
                             String haServerAddr, DataVersion dataVersion, long lastUpdateMillis) {
}
