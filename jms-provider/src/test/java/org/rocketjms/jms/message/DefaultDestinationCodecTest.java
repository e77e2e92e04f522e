package org.rocketjms.jms.message;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTemporaryTopic;
import org.rocketjms.jms.destination.RocketTopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DefaultDestinationCodec on RocketJMS and foreign destinations. */
class DefaultDestinationCodecTest {
    private final DestinationCodec codec = DefaultDestinationCodec.INSTANCE;

    @Test
    void encodesOwnAndForeignDestinations() throws JMSException {
        assertNull(codec.encode(null));
        assertNull(codec.decode(null));
        assertEquals("queue://q", codec.encode(new RocketQueue("q")));
        assertEquals("topic://t", codec.encode(new RocketTopic("t")));
        assertEquals("queue://fq", codec.encode(new ForeignMessages.ForeignQueue("fq")));
        assertEquals("temp-topic://ft", codec.encode(new ForeignMessages.ForeignTempTopic("ft")));
        assertEquals(new RocketTemporaryTopic("ft"), codec.decode("temp-topic://ft"));
    }

    @Test
    void refusesWhatItCannotRepresent() {
        assertThrows(InvalidDestinationException.class, () -> codec.encode(new ForeignMessages.OddDestination()));
        assertThrows(InvalidDestinationException.class, () -> codec.encode(new ForeignMessages.ForeignQueue("")));
        assertThrows(InvalidDestinationException.class, () -> codec.decode("bogus"));
    }
}
