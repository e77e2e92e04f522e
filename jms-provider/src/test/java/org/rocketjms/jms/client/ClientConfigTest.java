package org.rocketjms.jms.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientConfigTest {

    @Test
    void parsesOneOrSeveralNameServers() {
        assertEquals(List.of("localhost:9876"), ClientConfig.parseUrl("rocketjms://localhost:9876"));
        assertEquals(List.of("a:1", "b:2", "[::1]:3"), ClientConfig.parseUrl("ROCKETJMS://a:1; b:2;[::1]:3/"));
        ClientConfig c = new ClientConfig("rocketjms://h:9876");
        assertEquals(3000, c.getSendMsgTimeoutMillis());
        assertEquals(2, c.getRetryTimesWhenSendFailed());
        assertEquals(30_000, c.getPollNameServerIntervalMillis());
        assertEquals(10_000, c.getHeartbeatBrokerIntervalMillis());
        assertTrue(c.getClientId().startsWith("rocketjms-"));
    }

    @Test
    void rejectsMalformedUrlsWithAClearMessage() {
        assertMessage(null, "missing");
        assertMessage("tcp://h:1", "must start with rocketjms://");
        assertMessage("rocketjms://", "names no host:port");
        assertMessage("rocketjms://h", "is not host:port");
        assertMessage("rocketjms://h:x", "is not a number");
        assertMessage("rocketjms://h:70000", "outside 1..65535");
        assertMessage("rocketjms://h:1;;g:2", "empty entry");
        assertMessage("rocketjms://h:1/path", "must not have a path");
        assertMessage("rocketjms://::1:5", "brackets");
    }

    private static void assertMessage(String url, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientConfig.parseUrl(url));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void validateNamesTheBadSetting() {
        ClientConfig c = new ClientConfig("rocketjms://h:1");
        c.setPrefetchMessages(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(e.getMessage().contains("prefetchMessages"), e.getMessage());
    }
}
