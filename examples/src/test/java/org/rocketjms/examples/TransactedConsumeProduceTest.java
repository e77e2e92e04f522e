package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TransactedConsumeProduceTest extends BrokerTestSupport {
    @Test
    void commitMovesBothAndRollbackPutsTheInputBack() throws Exception {
        TransactedConsumeProduce.Result result = TransactedConsumeProduce.run(url());

        assertEquals("order-2", result.redelivered());
        assertTrue(result.redeliveredFlag(), "a message returned by rollback is marked JMSRedelivered");
        assertEquals(List.of("invoice for order-1", "invoice for order-2"), result.output());
    }
}
