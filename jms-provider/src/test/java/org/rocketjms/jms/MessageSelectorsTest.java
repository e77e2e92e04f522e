package org.rocketjms.jms;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.InvalidSelectorException;
import org.junit.jupiter.api.Test;

/** The public selector check: valid selectors pass, invalid ones fail with the position and the reason. */
class MessageSelectorsTest {
    @Test
    void validNullAndBlankSelectorsPass() {
        assertDoesNotThrow(() -> MessageSelectors.check(null));
        assertDoesNotThrow(() -> MessageSelectors.check("  "));
        assertDoesNotThrow(() -> MessageSelectors.check("JMSPriority > 4 AND color IN ('red', 'blue')"));
        assertDoesNotThrow(() -> MessageSelectors.check("name LIKE 'a%' OR weight BETWEEN 1 AND 3"));
    }

    @Test
    void invalidSelectorFailsWithPositionAndReason() {
        MessageSelectors.InvalidSelector e = assertThrows(MessageSelectors.InvalidSelector.class,
                () -> MessageSelectors.check("color = 'red' AND"));
        assertInstanceOf(InvalidSelectorException.class, e, "the JMS exception type");
        assertEquals("color = 'red' AND", e.getSelector());
        assertEquals(17, e.getPosition(), "an unexpected end is reported at the selector's length");
        assertTrue(e.getMessage().contains("at position 17"), e.getMessage());
        assertTrue(e.getMessage().contains(e.getReason()), e.getMessage());
        assertTrue(e.getLinkedException() != null, "the parser's exception is linked");

        MessageSelectors.InvalidSelector stray = assertThrows(MessageSelectors.InvalidSelector.class,
                () -> MessageSelectors.check("a = 1 # 2"));
        assertEquals(6, stray.getPosition(), stray.getMessage());
    }
}
