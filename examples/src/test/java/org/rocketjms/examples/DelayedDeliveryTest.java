package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DelayedDeliveryTest extends BrokerTestSupport {
    @Test
    void messageArrivesAfterTheDeliveryDelay() {
        DelayedDelivery.Result result = DelayedDelivery.run(url(), 2_000);

        assertEquals("reminder", result.body());
        assertTrue(result.delayMillis() >= 2_000, "arrived after " + result.delayMillis() + " ms");
        assertTrue(result.delayMillis() < 6_000, "arrived after " + result.delayMillis() + " ms");
    }
}
