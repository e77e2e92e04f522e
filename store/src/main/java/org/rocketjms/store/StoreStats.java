package org.rocketjms.store;

/**
 * Counters for benchmarks and monitoring.
 *
 * @param forceCount      commit-log force() calls by the flush service
 * @param recordsFlushed  records made durable by those calls (SYNC_FLUSH); records / forces = group size
 * @param minPhyOffset    first commit-log offset still stored
 * @param maxPhyOffset    end of the commit log
 * @param diskUsageRatio  last measured usage of the store's disk, 0..1
 */
public record StoreStats(long forceCount, long recordsFlushed, long minPhyOffset, long maxPhyOffset,
                         double diskUsageRatio) {

    public double recordsPerForce() {
        return forceCount == 0 ? 0 : (double) recordsFlushed / forceCount;
    }
}
