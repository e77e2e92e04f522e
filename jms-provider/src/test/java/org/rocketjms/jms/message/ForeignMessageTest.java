package org.rocketjms.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTemporaryTopic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RocketMessages.fromForeign: headers, properties and the five bodies through the standard interfaces only. */
class ForeignMessageTest {

    private static void fillHeadersAndProperties(ForeignMessages.Plain f) {
        f.id = "ID:foreign-1";
        f.timestamp = 1000;
        f.correlationId = "corr";
        f.replyTo = new ForeignMessages.ForeignQueue("replies");
        f.destination = new ForeignMessages.ForeignTempTopic("tmp");
        f.deliveryMode = 1;
        f.redelivered = true;
        f.type = "kind";
        f.expiration = 2000;
        f.deliveryTime = 1500;
        f.priority = 8;
        f.props.put("b", true);
        f.props.put("y", (byte) 1);
        f.props.put("s", (short) 2);
        f.props.put("i", 3);
        f.props.put("l", 4L);
        f.props.put("f", 5f);
        f.props.put("d", 6d);
        f.props.put("str", "seven");
        f.props.put("JMSXGroupID", "g");
    }

    private static void assertHeadersAndProperties(RocketMessage m) throws JMSException {
        assertEquals("ID:foreign-1", m.getJMSMessageID());
        assertEquals(1000, m.getJMSTimestamp());
        assertEquals("corr", m.getJMSCorrelationID());
        assertEquals(new RocketQueue("replies"), m.getJMSReplyTo());
        assertEquals(new RocketTemporaryTopic("tmp"), m.getJMSDestination());
        assertEquals(1, m.getJMSDeliveryMode());
        assertTrue(m.getJMSRedelivered());
        assertEquals("kind", m.getJMSType());
        assertEquals(2000, m.getJMSExpiration());
        assertEquals(1500, m.getJMSDeliveryTime());
        assertEquals(8, m.getJMSPriority());
        assertEquals(true, m.getObjectProperty("b"));
        assertEquals((byte) 1, m.getObjectProperty("y"));
        assertEquals((short) 2, m.getObjectProperty("s"));
        assertEquals(3, m.getObjectProperty("i"));
        assertEquals(4L, m.getObjectProperty("l"));
        assertEquals(5f, m.getObjectProperty("f"));
        assertEquals(6d, m.getObjectProperty("d"));
        assertEquals("seven", m.getObjectProperty("str"));
        assertEquals("g", m.getStringProperty("JMSXGroupID"));
        assertEquals(Set.of("b", "y", "s", "i", "l", "f", "d", "str", "JMSXGroupID"),
                new HashSet<>(Collections.list(m.getPropertyNames())));
    }

    @Test
    void plainMessage() throws JMSException {
        ForeignMessages.Plain f = new ForeignMessages.Plain();
        fillHeadersAndProperties(f);
        RocketMessage m = RocketMessages.fromForeign(f);
        assertEquals(MessageKind.MESSAGE, m.kind());
        assertHeadersAndProperties(m);
    }

    @Test
    void textMessage() throws JMSException {
        ForeignMessages.Text f = new ForeignMessages.Text();
        fillHeadersAndProperties(f);
        f.text = "hello";
        RocketMessage m = RocketMessages.fromForeign(f);
        assertEquals("hello", ((TextMessage) m).getText());
        assertHeadersAndProperties(m);
    }

    @Test
    void bytesMessageWithShortReads() throws JMSException {
        ForeignMessages.Bytes f = new ForeignMessages.Bytes();
        fillHeadersAndProperties(f);
        byte[] data = new byte[20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        f.writeBytes(data);
        RocketMessage m = RocketMessages.fromForeign(f);
        assertHeadersAndProperties(m);
        BytesMessage copy = (BytesMessage) m;
        assertArrayEquals(data, copy.getBody(byte[].class));
        copy.writeByte((byte) 99);
        copy.reset();
        assertEquals(21, copy.getBodyLength(), "the copy is writable like a new message");
        assertEquals(0, f.pos, "the foreign message is left reset");
        assertEquals(2, f.resets);
    }

    @Test
    void emptyBytesMessage() throws JMSException {
        ForeignMessages.Bytes f = new ForeignMessages.Bytes();
        BytesMessage copy = (BytesMessage) RocketMessages.fromForeign(f);
        assertNull(copy.getBody(byte[].class));
    }

    @Test
    void mapMessage() throws JMSException {
        ForeignMessages.MapMsg f = new ForeignMessages.MapMsg();
        fillHeadersAndProperties(f);
        f.setInt("i", 1);
        f.setChar("c", 'c');
        f.setBytes("b", new byte[] {1, 2});
        f.setString("s", "x");
        MapMessage copy = (MapMessage) RocketMessages.fromForeign(f);
        assertHeadersAndProperties((RocketMessage) copy);
        assertEquals(1, copy.getInt("i"));
        assertEquals('c', copy.getChar("c"));
        assertArrayEquals(new byte[] {1, 2}, copy.getBytes("b"));
        assertEquals("x", copy.getString("s"));
        assertEquals(4, Collections.list(((RocketMapMessage) copy).getMapNames()).size());
    }

    @Test
    void streamMessage() throws JMSException {
        ForeignMessages.Stream f = new ForeignMessages.Stream();
        fillHeadersAndProperties(f);
        f.writeInt(1);
        f.writeString("two");
        f.writeBytes(new byte[] {3});
        f.writeObject(null);
        f.writeChar('5');
        StreamMessage copy = (StreamMessage) RocketMessages.fromForeign(f);
        assertHeadersAndProperties((RocketMessage) copy);
        copy.reset();
        assertEquals(1, copy.readInt());
        assertEquals("two", copy.readString());
        assertArrayEquals(new byte[] {3}, (byte[]) copy.readObject());
        assertNull(copy.readObject());
        assertEquals('5', copy.readChar());
        assertEquals(0, f.pos, "the foreign message is left reset");
    }

    @Test
    void objectMessageIsCopiedBySerialization() throws JMSException {
        ForeignMessages.Obj f = new ForeignMessages.Obj();
        fillHeadersAndProperties(f);
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        f.object = list;
        ObjectMessage copy = (ObjectMessage) RocketMessages.fromForeign(f);
        assertHeadersAndProperties((RocketMessage) copy);
        list.add("b");
        assertEquals(List.of("a"), copy.getObject());
    }

    @Test
    void ownMessagesAreReturnedAsIs() throws JMSException {
        RocketTextMessage own = new RocketTextMessage("x");
        assertSame(own, RocketMessages.fromForeign(own));
    }

    @Test
    void unusableForeignDestinationsAreDropped() throws JMSException {
        ForeignMessages.Plain f = new ForeignMessages.Plain();
        f.replyTo = new ForeignMessages.OddDestination();
        RocketMessage m = RocketMessages.fromForeign(f);
        assertNull(m.getJMSReplyTo());
    }

    @Test
    void invalidForeignPropertiesAreFormatErrors() {
        ForeignMessages.Plain badName = new ForeignMessages.Plain();
        badName.props.put("not valid", 1);
        assertThrows(MessageFormatException.class, () -> RocketMessages.fromForeign(badName));
        ForeignMessages.Plain badValue = new ForeignMessages.Plain();
        badValue.props.put("list", new ArrayList<>());
        assertThrows(MessageFormatException.class, () -> RocketMessages.fromForeign(badValue));
    }

    @Test
    void foreignCopyGoesOverTheWire() throws JMSException {
        ForeignMessages.Text f = new ForeignMessages.Text();
        fillHeadersAndProperties(f);
        f.text = "wire";
        MessageCodec codec = new MessageCodec();
        RocketMessage back = codec.decode(codec.encode(RocketMessages.fromForeign(f)), 1);
        assertInstanceOf(TextMessage.class, back);
        assertEquals("wire", ((TextMessage) back).getText());
        assertEquals(new RocketTemporaryTopic("tmp"), back.getJMSDestination());
        assertEquals(5f, back.getFloatProperty("f"));
    }
}
