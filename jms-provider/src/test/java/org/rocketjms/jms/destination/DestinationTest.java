package org.rocketjms.jms.destination;

import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The destination classes: names, equality, string form and the temporary delete hook. */
class DestinationTest {

    @Test
    void namesAndStringForms() {
        assertEquals("q", new RocketQueue("q").getQueueName());
        assertEquals("t", new RocketTopic("t").getTopicName());
        assertEquals("queue://q", new RocketQueue("q").toString());
        assertEquals("topic://t", new RocketTopic("t").toString());
        assertEquals("temp-queue://tq", new RocketTemporaryQueue("tq").toString());
        assertEquals("temp-topic://tt", new RocketTemporaryTopic("tt").toString());
        assertTrue(new RocketTemporaryQueue("x").isQueue());
        assertTrue(new RocketTemporaryQueue("x").isTemporary());
        assertFalse(new RocketTopic("x").isQueue());
    }

    @Test
    void equality() {
        assertEquals(new RocketQueue("a"), new RocketQueue("a"));
        assertEquals(new RocketQueue("a").hashCode(), new RocketQueue("a").hashCode());
        assertNotEquals(new RocketQueue("a"), new RocketQueue("b"));
        assertNotEquals(new RocketQueue("a"), new RocketTopic("a"));
        assertNotEquals(new RocketQueue("a"), new RocketTemporaryQueue("a"));
        assertNotEquals(new RocketTopic("a"), new RocketTemporaryTopic("a"));
        assertEquals(new RocketTemporaryQueue("a", d -> { }), new RocketTemporaryQueue("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue://q", "topic://a/b://c", "temp-queue://x", "temp-topic://y"})
    void parseRoundTrips(String uri) {
        assertEquals(uri, RocketDestination.parse(uri).toUri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"q", "://q", "queue://", "fifo://q", "queue:/q"})
    void parseRefusesGarbage(String uri) {
        assertThrows(IllegalArgumentException.class, () -> RocketDestination.parse(uri));
    }

    @Test
    void emptyNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RocketQueue(""));
        assertThrows(IllegalArgumentException.class, () -> new RocketTopic(null));
    }

    @Test
    void deleteCallsTheHook() throws JMSException {
        List<RocketDestination> deleted = new ArrayList<>();
        RocketTemporaryQueue q = new RocketTemporaryQueue("q", deleted::add);
        RocketTemporaryTopic t = new RocketTemporaryTopic("t", deleted::add);
        q.delete();
        t.delete();
        assertEquals(List.of(q, t), deleted);
        new RocketTemporaryQueue("noop").delete();
        assertInstanceOf(jakarta.jms.TemporaryQueue.class, RocketDestination.parse("temp-queue://z"));
    }
}
