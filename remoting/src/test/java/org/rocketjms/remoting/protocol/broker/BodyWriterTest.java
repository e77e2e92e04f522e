package org.rocketjms.remoting.protocol.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link BodyWriter}'s size functions agree with what it writes for every kind of string, its ASCII shortcut writes
 * what the UTF-8 path writes, and {@link MessageListCodec#encode} sizes its body exactly.
 */
class BodyWriterTest {
    private static final String[] STRINGS = {"", "plain-ascii_123", "caf\u00e9", "\u4e2d\u6587", "smile \ud83d\ude00",
        "lone \ud800 high", "lone \udc00 low", "end \ud800", "\u007f\u0080\u07ff\u0800\uffff"};

    @Test
    void sizeOfAgreesWithTheBytesWrittenAndStringsReadBackAsUtf8() throws Exception {
        for (String s : STRINGS) {
            byte[] written = new BodyWriter(1).putString(s).toByteArray();
            assertEquals(written.length, BodyWriter.sizeOf(s), "size of \"" + s + "\"");
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(utf8, Arrays.copyOfRange(written, 4, written.length), "bytes of \"" + s + "\"");
            assertEquals(new String(utf8, StandardCharsets.UTF_8), new BodyReader(written, "test").getString());
        }
        assertEquals(4, BodyWriter.sizeOf((String) null));
        assertEquals(4, new BodyWriter(1).putString(null).toByteArray().length);
        assertEquals(4, BodyWriter.sizeOf((byte[]) null));
        Map<String, String> map = new LinkedHashMap<>();
        for (String s : STRINGS) {
            map.put("k" + s, s);
        }
        assertEquals(new BodyWriter(1).putStringMap(map).toByteArray().length, BodyWriter.sizeOf(map));
    }

    @Test
    void finishHandsOverTheArrayOnlyWhenItIsExactlyFull() {
        BodyWriter exact = new BodyWriter(16).putLong(1).putLong(2);
        assertSame(exact.finish(), exact.finish(), "an exactly full writer copied its array");
        BodyWriter roomy = new BodyWriter(64).putLong(1);
        byte[] a = roomy.finish();
        assertEquals(8, a.length);
        assertNotSame(a, roomy.finish());
    }

    @Test
    void aMessageListIsEncodedIntoAnArrayOfExactlyItsSize() throws Exception {
        List<WireMessage> msgs = new ArrayList<>();
        for (int i = 0; i < STRINGS.length; i++) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("JMSXDeliveryCount", Integer.toString(i));
            props.put("text\u00e9" + i, STRINGS[i]);
            msgs.add(new WireMessage("topic-" + STRINGS[i], i, 10L * i, 100L * i, 1_000L + i, 2_000L + i, i + 1, i,
                    props, STRINGS[i].getBytes(StandardCharsets.UTF_8), i % 2 == 0 ? null : "rh-" + STRINGS[i]));
        }
        byte[] enc = MessageListCodec.encode(msgs);
        // the same content written by a writer that grows as needed: byte for byte what encode returned
        BodyWriter grown = new BodyWriter(1).putInt(msgs.size());
        for (WireMessage m : msgs) {
            grown.putString(m.topic()).putInt(m.queueId()).putLong(m.queueOffset()).putLong(m.commitLogOffset())
                    .putLong(m.storeTimestamp()).putLong(m.bornTimestamp()).putInt(m.deliveryCount())
                    .putInt(m.flags()).putStringMap(m.properties()).putBytes(m.body()).putString(m.receiptHandle());
        }
        assertArrayEquals(grown.toByteArray(), enc);
        List<WireMessage> back = MessageListCodec.decode(enc);
        assertEquals(msgs.size(), back.size());
        for (int i = 0; i < msgs.size(); i++) {
            assertEquals(new String(msgs.get(i).topic().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    back.get(i).topic());
            assertArrayEquals(msgs.get(i).body(), back.get(i).body());
            assertEquals(msgs.get(i).deliveryCount(), back.get(i).deliveryCount());
        }
    }
}
