package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The public surface of {@link Selector}: match-all, the JMSType fast path, identifiers, equality. */
class SelectorApiTest {

    @Test
    void nullEmptyAndBlankSelectorsMatchEverything() throws SelectorParseException {
        for (String blank : new String[] {null, "", " ", "\t\n\r\f  "}) {
            Selector selector = Selector.parse(blank);
            assertSame(Selector.matchAll(), selector);
            assertTrue(selector.isMatchAll());
            assertEquals("", selector.expression());
            assertTrue(selector.matches(null));
            assertTrue(selector.matches(name -> null));
            assertEquals(Optional.empty(), selector.simpleTypeEquality());
            assertTrue(selector.identifiers().isEmpty());
        }
    }

    @Test
    void theLiteralTrueIsMatchAllButOtherSelectorsAreNot() throws SelectorParseException {
        assertTrue(Selector.parse("TRUE").isMatchAll());
        assertTrue(Selector.parse(" ( true ) ").isMatchAll());
        assertFalse(Selector.parse("FALSE").isMatchAll());
        assertFalse(Selector.parse("1 = 1").isMatchAll());
        assertFalse(Selector.parse("color = 'x'").isMatchAll());
    }

    @Test
    void expressionIsTheOriginalText() throws SelectorParseException {
        String text = "  color = 'blue'  AND  weight > 1 ";
        assertEquals(text, Selector.parse(text).expression());
        assertEquals("Selector[" + text + "]", Selector.parse(text).toString());
    }

    @Test
    void nonTrivialSelectorRequiresASource() throws SelectorParseException {
        Selector selector = Selector.parse("a = 1");
        assertThrows(NullPointerException.class, () -> selector.matches(null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "JMSType = 'car'              | car",
        "'car' = JMSType              | car",
        "(JMSType = 'car')            | car",
        "( JMSType ) = ( 'car' )      | car",
        "JMSType='it''s'              | it's",
        "JMSType = ''                 | ''",
        "jmstype = 'car'              | ",
        "JMSType <> 'car'             | ",
        "JMSType = 'car' AND x = 1    | ",
        "JMSType = 'car' OR JMSType = 'bus' | ",
        "NOT JMSType = 'car'          | ",
        "JMSType = 5                  | ",
        "JMSType = other              | ",
        "JMSType = JMSType            | ",
        "JMSType IN ('car')           | ",
        "JMSType LIKE 'car'           | ",
        "JMSType IS NOT NULL          | ",
        "color = 'car'                | ",
    })
    void recognisesTheJmsTypeFastPath(String selector, String expected) throws SelectorParseException {
        Optional<String> literal = Selector.parse(selector).simpleTypeEquality();
        if (expected == null) {
            assertEquals(Optional.empty(), literal, selector);
        } else {
            assertEquals(Optional.of(expected.equals("''") ? "" : expected), literal, selector);
        }
    }

    @Test
    void fastPathAgreesWithEvaluation() throws SelectorParseException {
        Selector selector = Selector.parse("'car' = JMSType");
        String type = selector.simpleTypeEquality().orElseThrow();
        for (String actual : new String[] {"car", "Car", "bus", null}) {
            assertEquals(type.equals(actual), selector.matches(new TestMessage().with("JMSType", actual)));
        }
    }

    @Test
    void listsTheIdentifiersItReads() throws SelectorParseException {
        Selector selector = Selector.parse(
                "a = 1 AND b > a OR JMSDestination IS NULL AND JMSType = 'x' OR JMSXGroupID LIKE 'g%'");
        assertEquals(List.of("a", "b", "JMSType", "JMSXGroupID"), new ArrayList<>(selector.identifiers()));
        assertThrows(UnsupportedOperationException.class, () -> selector.identifiers().add("c"));
    }

    @Test
    void asksTheSourceOnlyForWhatItNeeds() throws SelectorParseException {
        List<String> asked = new ArrayList<>();
        PropertySource source = name -> {
            asked.add(name);
            return name.equals("a") ? Integer.valueOf(2) : null;
        };
        assertFalse(Selector.parse("a = 1 AND b = 2").matches(source));
        assertEquals(List.of("a"), asked, "AND stops at the first FALSE");
        asked.clear();
        assertTrue(Selector.parse("a = 2 OR b = 2").matches(source));
        assertEquals(List.of("a"), asked, "OR stops at the first TRUE");
        asked.clear();
        assertTrue(Selector.parse("JMSDestination IS NULL AND JMSReplyTo IS NULL").matches(source));
        assertEquals(List.of(), asked, "non-selectable headers are never looked up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSDestination", "JMSReplyTo", "JMSExpiration", "JMSRedelivered", "JMSDeliveryTime",
        "JMSSomethingElse", "JMS"})
    void nonSelectableHeadersAreNull(String header) throws SelectorParseException {
        TestMessage message = new TestMessage().with(header, "present");
        assertTrue(Selector.parse(header + " IS NULL").matches(message));
        assertFalse(Selector.parse(header + " = 'present'").matches(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSDeliveryMode", "JMSPriority", "JMSMessageID", "JMSTimestamp", "JMSCorrelationID",
        "JMSType", "JMSXGroupID", "JMSXDeliveryCount", "JMS_vendor", "jmsDestination", "JMSX", "JMS_"})
    void selectableHeadersAndPropertiesAreLookedUp(String name) throws SelectorParseException {
        TestMessage message = new TestMessage().with(name, "present");
        assertTrue(Selector.parse(name + " = 'present'").matches(message));
        assertTrue(Selector.parse(name + " IS NOT NULL").matches(message));
    }

    @Test
    void equalityFollowsTheText() throws SelectorParseException {
        assertEquals(Selector.parse("a = 1"), Selector.parse("a = 1"));
        assertEquals(Selector.parse("a = 1").hashCode(), Selector.parse("a = 1").hashCode());
        assertNotEquals(Selector.parse("a = 1"), Selector.parse("a=1"));
    }

    @Test
    void supplementaryCharactersInIdentifiers() throws SelectorParseException {
        String name = "x\uD835\uDC9C"; // x followed by MATHEMATICAL SCRIPT CAPITAL A, a letter outside the BMP
        assertTrue(Selector.parse(name + " = 1").matches(new TestMessage().with(name, 1)));
    }
}
