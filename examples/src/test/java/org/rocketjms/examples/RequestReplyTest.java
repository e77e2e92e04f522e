package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class RequestReplyTest extends BrokerTestSupport {
    @Test
    void replyCarriesTheRequestsCorrelationId() throws Exception {
        RequestReply.Result result = RequestReply.run(url(), "ping");

        assertNotNull(result.requestCorrelationId());
        assertEquals(result.requestCorrelationId(), result.replyCorrelationId());
        assertEquals("pong (you said 'ping')", result.replyText());
    }
}
