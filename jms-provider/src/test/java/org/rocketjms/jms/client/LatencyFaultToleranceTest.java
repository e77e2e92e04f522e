package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.rocketjms.jms.client.producer.LatencyFaultTolerance;

class LatencyFaultToleranceTest {

    @Test
    void failedAndSlowBrokersArePenalisedForAWhile() {
        AtomicLong now = new AtomicLong(1_000_000);
        LatencyFaultTolerance f = new LatencyFaultTolerance(500, 30_000, now::get);
        assertTrue(f.isAvailable("a"));
        f.update("a", 10, true);
        assertFalse(f.isAvailable("a"));
        now.addAndGet(29_999);
        assertFalse(f.isAvailable("a"));
        now.addAndGet(1);
        assertTrue(f.isAvailable("a"));

        f.update("b", 1_000, false); // slow: penalised for 10 x latency
        assertFalse(f.isAvailable("b"));
        now.addAndGet(10_000);
        assertTrue(f.isAvailable("b"));

        f.update("c", 5_000, false); // very slow: capped at the penalty
        now.addAndGet(30_000);
        assertTrue(f.isAvailable("c"));

        f.update("d", 10, true);
        f.update("d", 10, false); // a fast success clears the record
        assertTrue(f.isAvailable("d"));
    }

    @Test
    void leastBadPicksTheBrokerWhosePenaltyEndsFirst() {
        AtomicLong now = new AtomicLong(0);
        LatencyFaultTolerance f = new LatencyFaultTolerance(500, 30_000, now::get);
        f.update("a", 10, true);
        now.addAndGet(1_000);
        f.update("b", 10, true);
        assertEquals("a", f.leastBad(List.of("a", "b")));
        assertEquals("c", f.leastBad(List.of("a", "b", "c")), "an unpenalised broker wins");
        assertEquals(null, f.leastBad(List.of()));
    }
}
