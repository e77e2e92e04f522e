package org.rocketjms.filter.wire;

import org.junit.jupiter.api.Test;
import org.rocketjms.filter.selector.Selector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TypedPropertyCodecTest {

    @Test
    void everyPropertyTypeRoundTripsWithItsJavaType() {
        List<Object> values = List.of("text", "", "S-looks-tagged", true, false, (byte) -7, (short) 300, 42,
                Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, Float.NaN, -2.25e300, Double.NEGATIVE_INFINITY);
        for (Object v : values) {
            Object back = TypedPropertyCodec.decode(TypedPropertyCodec.encode(v));
            assertEquals(v, back, "value " + v);
            assertEquals(v.getClass(), back.getClass(), "type of " + v);
        }
    }

    @Test
    void untaggedOrMalformedTextIsARawString() {
        assertEquals("orders", TypedPropertyCodec.decode("orders"));
        assertEquals("Inot-a-number", TypedPropertyCodec.decode("Inot-a-number"));
        assertEquals("Zmaybe", TypedPropertyCodec.decode("Zmaybe"));
        assertNull(TypedPropertyCodec.decode(null));
        assertEquals("", TypedPropertyCodec.decode(""));
    }

    @Test
    void unsupportedTypesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TypedPropertyCodec.encode(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"));
        assertThrows(IllegalArgumentException.class, () -> TypedPropertyCodec.encode(null));
    }

    @Test
    void selectorsSeeTypedPropertiesAndHeaders() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("count", TypedPropertyCodec.encode(12));
        props.put("price", TypedPropertyCodec.encode(9.5d));
        props.put("color", TypedPropertyCodec.encode("red"));
        props.put("TAGS", "raw-engine-value");
        props.put(HeaderKeys.PRIORITY, TypedPropertyCodec.encode(7));
        props.put(HeaderKeys.TYPE, TypedPropertyCodec.encode("car"));
        props.put(HeaderKeys.DELIVERY_MODE, TypedPropertyCodec.encode(HeaderKeys.NON_PERSISTENT));
        var source = TypedPropertyCodec.propertySource(props);
        assertTrue(Selector.parse("count > 10 AND price < 10.0 AND color = 'red'").matches(source));
        assertFalse(Selector.parse("count = '12'").matches(source), "a number is not a string");
        assertTrue(Selector.parse("JMSPriority > 4 AND JMSType = 'car'").matches(source));
        assertTrue(Selector.parse("JMSDeliveryMode = 'NON_PERSISTENT'").matches(source));
        assertTrue(Selector.parse("missing IS NULL").matches(source));
        assertEquals("#JMSPriority", HeaderKeys.keyFor("JMSPriority"));
        assertEquals("count", HeaderKeys.keyFor("count"));
    }
}
