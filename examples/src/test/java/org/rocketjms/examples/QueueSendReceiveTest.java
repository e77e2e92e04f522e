package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class QueueSendReceiveTest extends BrokerTestSupport {
    @Test
    void receivesTheTenMessagesInOrder() {
        List<String> received = QueueSendReceive.run(url(), 10);

        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> "message " + i).toList(), received);
    }
}
