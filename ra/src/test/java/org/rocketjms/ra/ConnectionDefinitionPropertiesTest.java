package org.rocketjms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.ra.outbound.RocketManagedConnectionFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The connection definitions' config properties: declared in ra.xml as the factory has them, and applied. */
class ConnectionDefinitionPropertiesTest {
    private static final Map<String, Class<?>> TYPES = Map.of("java.lang.String", String.class,
            "java.lang.Integer", Integer.class, "java.lang.Long", Long.class, "java.lang.Boolean", Boolean.class);

    @Test
    void everyPropertyRaXmlDeclaresHasASetterOfItsType() throws Exception {
        Path raXml = Path.of("src/main/rar/META-INF/ra.xml");
        assertTrue(Files.exists(raXml), raXml.toAbsolutePath().toString());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(raXml.toFile());
        NodeList defs = doc.getElementsByTagName("connection-definition");
        assertEquals(3, defs.getLength(), "ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory");
        List<String> names = null;
        for (int i = 0; i < defs.getLength(); i++) {
            List<String> here = new ArrayList<>();
            NodeList props = ((Element) defs.item(i)).getElementsByTagName("config-property");
            for (int j = 0; j < props.getLength(); j++) {
                Element p = (Element) props.item(j);
                String name = p.getElementsByTagName("config-property-name").item(0).getTextContent().trim();
                String type = p.getElementsByTagName("config-property-type").item(0).getTextContent().trim();
                Method setter = RocketManagedConnectionFactory.class.getMethod("set" + name, TYPES.get(type));
                assertEquals(void.class, setter.getReturnType(), name);
                here.add(name);
            }
            if (names == null) {
                names = here;
            } else {
                assertEquals(names, here, "all three connection definitions declare the same properties");
            }
        }
        assertTrue(names.containsAll(List.of("AsyncSendWindow", "BlockOnNonPersistentSend", "AutoAckWindow",
                "DupsOkBatchSize", "DupsOkBatchMillis", "SyncSendsOnCallerThread", "CoalescePipelinedSends")),
                names.toString());
    }

    @Test
    void throughputSettingsReachThePhysicalFactoryAndUnsetOnesKeepItsDefaults() {
        RocketManagedConnectionFactory mcf = new RocketManagedConnectionFactory();
        RocketConnectionFactory defaults = new RocketConnectionFactory(RaSettings.DEFAULT_URL);
        RocketConnectionFactory untouched = new RocketConnectionFactory(RaSettings.DEFAULT_URL);
        PhysicalFactories.configure(untouched, mcf.settings(null));
        assertEquals(defaults.getAsyncSendWindow(), untouched.getAsyncSendWindow());
        assertEquals(defaults.isBlockOnNonPersistentSend(), untouched.isBlockOnNonPersistentSend());
        assertEquals(defaults.getAutoAckWindow(), untouched.getAutoAckWindow());
        assertEquals(defaults.isSyncSendsOnCallerThread(), untouched.isSyncSendsOnCallerThread());
        assertEquals(defaults.isCoalescePipelinedSends(), untouched.isCoalescePipelinedSends());

        mcf.setAsyncSendWindow(4);
        mcf.setBlockOnNonPersistentSend(true);
        mcf.setAutoAckWindow(1);
        mcf.setDupsOkBatchSize(100);
        mcf.setDupsOkBatchMillis(5L);
        mcf.setSyncSendsOnCallerThread(!defaults.isSyncSendsOnCallerThread());
        mcf.setCoalescePipelinedSends(!defaults.isCoalescePipelinedSends());
        RocketConnectionFactory f = new RocketConnectionFactory(RaSettings.DEFAULT_URL);
        PhysicalFactories.configure(f, mcf.settings(null));
        assertEquals(4, f.getAsyncSendWindow());
        assertTrue(f.isBlockOnNonPersistentSend());
        assertEquals(1, f.getAutoAckWindow());
        assertEquals(100, f.getDupsOkBatchSize());
        assertEquals(5L, f.getDupsOkBatchMillis());
        assertEquals(!defaults.isSyncSendsOnCallerThread(), f.isSyncSendsOnCallerThread());
        assertEquals(!defaults.isCoalescePipelinedSends(), f.isCoalescePipelinedSends());
        assertEquals(mcf.settings(null).tuning(), mcf.settings(null).withClientId("c").withCredentials("u", "p").tuning(),
                "the tuning survives the per-connection copies");

        mcf.setAutoAckWindow(-1);
        RocketConnectionFactory bad = new RocketConnectionFactory(RaSettings.DEFAULT_URL);
        assertThrows(IllegalArgumentException.class, () -> PhysicalFactories.configure(bad, mcf.settings(null)),
                "an invalid value fails as the provider's setter does");
    }

    @Test
    void factoriesWithDifferentTuningAreNotEqual() {
        RocketManagedConnectionFactory a = new RocketManagedConnectionFactory();
        RocketManagedConnectionFactory b = new RocketManagedConnectionFactory();
        a.setAutoAckWindow(8);
        b.setAutoAckWindow(8);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setBlockOnNonPersistentSend(Boolean.TRUE);
        assertNotEquals(a, b);
        assertFalse(b.equals(a));
        RocketManagedConnectionFactory c = new RocketManagedConnectionFactory();
        c.setAutoAckWindow(8);
        c.setSyncSendsOnCallerThread(Boolean.FALSE);
        assertNotEquals(a, c);
        RocketManagedConnectionFactory d = new RocketManagedConnectionFactory();
        d.setAutoAckWindow(8);
        d.setCoalescePipelinedSends(Boolean.FALSE);
        assertNotEquals(a, d);
    }
}
