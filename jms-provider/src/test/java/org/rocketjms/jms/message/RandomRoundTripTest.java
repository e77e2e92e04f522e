package org.rocketjms.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Seeded random round trips: typed map/stream bodies through the codec and writeUTF against DataOutputStream. */
class RandomRoundTripTest {
    private final MessageCodec codec = new MessageCodec();

    static String randomString(Random r) {
        int n = r.nextInt(12);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0:
                    sb.append((char) (0x20 + r.nextInt(0x5F)));
                    break;
                case 1:
                    sb.append((char) r.nextInt(0x800));
                    break;
                default:
                    sb.append((char) r.nextInt(0x10000)); // includes lone surrogates and U+0000
            }
        }
        return sb.toString();
    }

    static Object randomValue(Random r) {
        switch (r.nextInt(12)) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2:
                return (byte) r.nextInt();
            case 3:
                return (short) r.nextInt();
            case 4:
                return (char) r.nextInt(0x10000);
            case 5:
                return r.nextInt();
            case 6:
                return r.nextLong();
            case 7:
                return Float.intBitsToFloat(r.nextInt());
            case 8:
                return Double.longBitsToDouble(r.nextLong());
            case 9:
                return randomString(r);
            default: {
                byte[] b = new byte[r.nextInt(20)];
                r.nextBytes(b);
                return b;
            }
        }
    }

    private static void assertValue(Object expected, Object actual) {
        if (expected == null) {
            assertNull(actual);
        } else if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual);
        } else if (expected instanceof Float f) {
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((Float) actual));
        } else if (expected instanceof Double d) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) actual));
        } else {
            assertEquals(expected, actual);
        }
    }

    @Test
    void randomStreamsAndMaps() throws JMSException {
        Random r = new Random(20261123L);
        for (int round = 0; round < 300; round++) {
            RocketStreamMessage s = new RocketStreamMessage();
            RocketMapMessage m = new RocketMapMessage();
            List<Object> values = new ArrayList<>();
            Map<String, Object> entries = new LinkedHashMap<>();
            int n = r.nextInt(15);
            for (int i = 0; i < n; i++) {
                Object v = randomValue(r);
                values.add(v);
                s.writeObject(v);
                String name = "n" + i + randomString(r);
                entries.put(name, v);
                m.setObject(name, v);
            }
            RocketStreamMessage s2 = (RocketStreamMessage) codec.decode(codec.encode(s), 1);
            for (Object v : values) {
                assertValue(v, s2.readObject());
            }
            assertThrows(MessageEOFException.class, s2::readObject);
            RocketMapMessage m2 = (RocketMapMessage) codec.decode(codec.encode(m), 1);
            assertEquals(entries.keySet(), m2.entryMap().keySet());
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                assertValue(e.getValue(), m2.getObject(e.getKey()));
            }
        }
    }

    @Test
    void writeUtfMatchesDataOutputForRandomStrings() throws JMSException, IOException {
        Random r = new Random(7);
        for (int round = 0; round < 500; round++) {
            String s = randomString(r);
            RocketBytesMessage m = new RocketBytesMessage();
            m.writeUTF(s);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(expected)) {
                out.writeUTF(s);
            }
            assertArrayEquals(expected.toByteArray(), m.getBody(byte[].class) == null ? new byte[0]
                    : m.getBody(byte[].class), s);
            m.reset();
            assertEquals(s, m.readUTF());
        }
    }
}
