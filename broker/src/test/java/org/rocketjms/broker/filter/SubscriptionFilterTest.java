package org.rocketjms.broker.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.ExpressionType;

/**
 * SQL92 subscriptions evaluated over engine property maps as the client writes them (typed values, headers
 * under {@link HeaderKeys}).
 */
class SubscriptionFilterTest {

    /** A record's properties: alternating names and values, each value typed as the client encodes it. */
    private static Map<String, String> props(Object... nameValues) {
        Map<String, String> props = new HashMap<>();
        props.put(HeaderKeys.TYPE, TypedPropertyCodec.encode(""));
        props.put(HeaderKeys.DELIVERY_MODE, TypedPropertyCodec.encode(HeaderKeys.PERSISTENT));
        for (int i = 0; i < nameValues.length; i += 2) {
            props.put((String) nameValues[i], TypedPropertyCodec.encode(nameValues[i + 1]));
        }
        return props;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // exact literals use the Java integer literal syntax
                Arguments.of("myProp=035", props("myProp", 29L), true),
                Arguments.of("myProp=035", props("myProp", 35L), false),
                Arguments.of("myProp=0x1d", props("myProp", 29L), true),
                Arguments.of("myProp=0X1D", props("myProp", 29), true),
                Arguments.of("myProp0=-9223372036854775808L AND myProp1=9223372036854775807L",
                        props("myProp0", Long.MIN_VALUE, "myProp1", Long.MAX_VALUE), true),
                Arguments.of("myProp0=-9223372036854775808L AND myProp1=9223372036854775807L",
                        props("myProp0", Long.MIN_VALUE, "myProp1", Long.MAX_VALUE - 1), false),
                // [NOT] IN and [NOT] LIKE never match a value that is not a string
                Arguments.of("myProp NOT IN ('foo','jms','test')", props("myProp", 0), false),
                Arguments.of("myProp IN ('0')", props("myProp", 0), false),
                Arguments.of("myProp NOT IN ('foo','jms','test')", props("myProp", "zero"), true),
                Arguments.of("myProp NOT IN ('foo','jms','test')", props(), false),
                Arguments.of("myProp NOT LIKE 'x%'", props("myProp", 123), false),
                Arguments.of("myProp NOT LIKE 'x%'", props("myProp", "123"), true));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("cases")
    void evaluatesOverEngineProperties(String selector, Map<String, String> props, boolean expected) {
        SubscriptionFilter filter = SubscriptionFilter.of(selector, ExpressionType.SQL92);
        assertEquals(expected, filter.matches(props));
    }

    @Test
    void rejectsNullAsAValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubscriptionFilter.of("NULL = 0", ExpressionType.SQL92));
        assertTrue(e.getMessage().contains("NULL is not a value"), e.getMessage());
        assertNull(SubscriptionFilter.of("TRUE", ExpressionType.SQL92));
    }
}
