package org.rocketjms.filter.selector;

import java.util.HashMap;
import java.util.Map;

/** A map-backed {@link PropertySource} for tests, plus the three-valued outcome helper. */
final class TestMessage implements PropertySource {

    /** The outcome of a selector on a message, recovered from matches(s) and matches(NOT (s)). */
    enum Outcome { TRUE, FALSE, UNKNOWN }

    private final Map<String, Object> values = new HashMap<>();

    TestMessage with(String name, Object value) {
        values.put(name, value);
        return this;
    }

    @Override
    public Object getValue(String identifier) {
        return values.get(identifier);
    }

    /**
     * Evaluates a selector three-valued: TRUE when it matches, FALSE when its negation matches,
     * UNKNOWN when neither does (NOT keeps UNKNOWN unknown).
     */
    static Outcome outcome(String selector, PropertySource source) throws SelectorParseException {
        boolean positive = Selector.parse(selector).matches(source);
        boolean negative = Selector.parse("NOT (" + selector + ")").matches(source);
        if (positive && negative) {
            throw new AssertionError("both " + selector + " and its negation matched");
        }
        return positive ? Outcome.TRUE : negative ? Outcome.FALSE : Outcome.UNKNOWN;
    }
}
