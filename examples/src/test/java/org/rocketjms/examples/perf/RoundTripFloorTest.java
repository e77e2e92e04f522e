package org.rocketjms.examples.perf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor program's phases do their work and clean up (figures themselves are the machine's). */
class RoundTripFloorTest {

    @Test
    void roundTripsWithAndWithoutAForceComplete(@TempDir Path dir) throws Exception {
        double plain = RoundTripFloor.roundTrips(null, 1, 256);
        double forced = RoundTripFloor.roundTrips(dir.resolve("rtt.dat"), 1, 256);
        assertTrue(plain > 100, "round trips per second without a force: " + plain);
        assertTrue(forced > 10, "round trips per second with a force: " + forced);
        assertTrue(RoundTripFloor.appendForceRate(dir.resolve("sync.dat"), 1, 256) > 10);
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.findAny().isPresent(), "the phases delete their files");
        }
    }

    @Test
    void theRelayDeliversEveryRecordSentAfterTheWarmUpAndTimesIt(@TempDir Path dir) throws Exception {
        int rate = 200;
        Histogram h = RoundTripFloor.relay(dir.resolve("relay.dat"), 1, 128, rate);
        // one second measured at 200 per second: the consumer recorded about 200 (fewer only if the producer fell
        // behind its schedule, which waiting for answers can cause on a slow disk; never more)
        assertTrue(h.getTotalCount() >= rate / 2 && h.getTotalCount() <= rate + 1, "recorded " + h.getTotalCount());
        assertTrue(h.getValueAtPercentile(50) > 0, "latencies are measured in microseconds, not zero");
        assertTrue(h.getMaxValue() < 10_000_000, "a relayed record arrives within seconds");
    }
}
