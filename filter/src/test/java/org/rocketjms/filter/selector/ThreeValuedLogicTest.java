package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rocketjms.filter.selector.TestMessage.Outcome.FALSE;
import static org.rocketjms.filter.selector.TestMessage.Outcome.TRUE;
import static org.rocketjms.filter.selector.TestMessage.Outcome.UNKNOWN;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rocketjms.filter.selector.TestMessage.Outcome;

/**
 * The SQL truth tables of 3.8.1.1 for AND, OR and NOT. Operands come from boolean properties that
 * are true, false or missing (UNKNOWN), and from comparisons that are TRUE, FALSE or UNKNOWN.
 */
class ThreeValuedLogicTest {

    private static TestMessage message(Outcome p, Outcome q) {
        TestMessage message = new TestMessage().with("n", 1);
        if (p != UNKNOWN) {
            message.with("p", p == TRUE);
        }
        if (q != UNKNOWN) {
            message.with("q", q == TRUE);
        }
        return message;
    }

    /** A comparison whose value is the given outcome, reading the numeric property n = 1. */
    private static String comparison(Outcome outcome) {
        return switch (outcome) {
            case TRUE -> "n = 1";
            case FALSE -> "n = 2";
            case UNKNOWN -> "nothing = 1";
        };
    }

    @ParameterizedTest(name = "{0} AND {1} = {2}")
    @CsvSource({
        "TRUE, TRUE, TRUE",
        "TRUE, FALSE, FALSE",
        "TRUE, UNKNOWN, UNKNOWN",
        "FALSE, TRUE, FALSE",
        "FALSE, FALSE, FALSE",
        "FALSE, UNKNOWN, FALSE",
        "UNKNOWN, TRUE, UNKNOWN",
        "UNKNOWN, FALSE, FALSE",
        "UNKNOWN, UNKNOWN, UNKNOWN"
    })
    void and(Outcome p, Outcome q, Outcome expected) throws SelectorParseException {
        assertEquals(expected, TestMessage.outcome("p AND q", message(p, q)));
        assertEquals(expected, TestMessage.outcome(comparison(p) + " AND " + comparison(q), message(p, q)));
    }

    @ParameterizedTest(name = "{0} OR {1} = {2}")
    @CsvSource({
        "TRUE, TRUE, TRUE",
        "TRUE, FALSE, TRUE",
        "TRUE, UNKNOWN, TRUE",
        "FALSE, TRUE, TRUE",
        "FALSE, FALSE, FALSE",
        "FALSE, UNKNOWN, UNKNOWN",
        "UNKNOWN, TRUE, TRUE",
        "UNKNOWN, FALSE, UNKNOWN",
        "UNKNOWN, UNKNOWN, UNKNOWN"
    })
    void or(Outcome p, Outcome q, Outcome expected) throws SelectorParseException {
        assertEquals(expected, TestMessage.outcome("p OR q", message(p, q)));
        assertEquals(expected, TestMessage.outcome(comparison(p) + " OR " + comparison(q), message(p, q)));
    }

    @ParameterizedTest(name = "NOT {0} = {1}")
    @CsvSource({"TRUE, FALSE", "FALSE, TRUE", "UNKNOWN, UNKNOWN"})
    void not(Outcome p, Outcome expected) throws SelectorParseException {
        TestMessage message = message(p, UNKNOWN);
        assertEquals(expected, TestMessage.outcome("NOT p", message));
        assertEquals(expected, TestMessage.outcome("NOT " + comparison(p), message));
        // matches() itself: only TRUE matches
        assertEquals(expected == TRUE, Selector.parse("NOT p").matches(message));
    }

    @ParameterizedTest(name = "chain {0}")
    @CsvSource({
        "'p AND q AND TRUE', TRUE, TRUE, TRUE",
        "'p AND q AND FALSE', TRUE, UNKNOWN, FALSE",
        "'p AND q AND TRUE', TRUE, UNKNOWN, UNKNOWN",
        "'p OR q OR FALSE', FALSE, UNKNOWN, UNKNOWN",
        "'p OR q OR TRUE', UNKNOWN, UNKNOWN, TRUE",
        "'p OR q OR FALSE', FALSE, FALSE, FALSE"
    })
    void chains(String selector, Outcome p, Outcome q, Outcome expected) throws SelectorParseException {
        assertEquals(expected, TestMessage.outcome(selector, message(p, q)));
    }
}
