package org.rocketjms.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesrvConfigTest {

    @Test
    void defaults() {
        NamesrvConfig c = new NamesrvConfig();
        assertEquals(9876, c.getListenPort());
        assertEquals("0.0.0.0", c.getBindAddress());
        assertEquals(5_000, c.getScanNotActiveBrokerInterval());
        assertEquals(120_000, c.getBrokerChannelExpiredTime());
        c.validate();
    }

    @Test
    void applySetsKnownPropertiesAndIgnoresOthers() {
        Properties p = new Properties();
        p.setProperty("listenPort", "0");
        p.setProperty("bindAddress", " 127.0.0.1 ");
        p.setProperty("scanNotActiveBrokerInterval", "100");
        p.setProperty("brokerChannelExpiredTime", "500");
        p.setProperty("defaultThreadPoolNums", "2");
        p.setProperty("clientRequestThreadPoolNums", "3");
        p.setProperty("serverWorkerThreads", "1");
        p.setProperty("serverChannelMaxIdleTimeSeconds", "0");
        p.setProperty("java.home", "/somewhere");
        NamesrvConfig c = new NamesrvConfig().apply(p);
        assertEquals(0, c.getListenPort());
        assertEquals("127.0.0.1", c.getBindAddress());
        assertEquals(100, c.getScanNotActiveBrokerInterval());
        assertEquals(500, c.getBrokerChannelExpiredTime());
        assertEquals(2, c.getDefaultThreadPoolNums());
        assertEquals(3, c.getClientRequestThreadPoolNums());
        assertEquals(1, c.getServerWorkerThreads());
        assertEquals(0, c.getServerChannelMaxIdleTimeSeconds());
        assertTrue(c.toString().contains("brokerChannelExpiredTime=500"));
    }

    @Test
    void applyRejectsBadValuesNamingTheKey() {
        for (String[] kv : new String[][] {{"listenPort", "x"}, {"listenPort", "65536"},
                {"brokerChannelExpiredTime", "0"}, {"scanNotActiveBrokerInterval", "-1"},
                {"defaultThreadPoolNums", "0"}, {"serverChannelMaxIdleTimeSeconds", "-1"}, {"bindAddress", ""}}) {
            Properties p = new Properties();
            p.setProperty(kv[0], kv[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NamesrvConfig().apply(p));
            assertTrue(e.getMessage().contains(kv[0]), e.getMessage());
        }
    }

    @Test
    void startupArgumentsOverrideFileAndSystemProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("namesrv.properties");
        Files.writeString(file, "listenPort=1111\nbrokerChannelExpiredTime=3000\nbindAddress=127.0.0.2\n");
        Properties sys = new Properties();
        sys.setProperty("brokerChannelExpiredTime", "4000");
        sys.setProperty("user.dir", "/ignored");
        NamesrvConfig c = NamesrvStartup.parseArgs(new String[] {"-c", file.toString(),
                "-DscanNotActiveBrokerInterval=250", "--port", "2222"}, sys);
        assertEquals(2222, c.getListenPort());
        assertEquals(4000, c.getBrokerChannelExpiredTime());
        assertEquals(250, c.getScanNotActiveBrokerInterval());
        assertEquals("127.0.0.2", c.getBindAddress());

        NamesrvConfig viaD = NamesrvStartup.parseArgs(new String[] {"-DlistenPort=0", "--bind", "127.0.0.1"},
                new Properties());
        assertEquals(0, viaD.getListenPort());
        assertEquals("127.0.0.1", viaD.getBindAddress());
    }

    @Test
    void startupRejectsUnknownArgumentsAndKeys(@TempDir Path dir) {
        Properties none = new Properties();
        assertThrows(IllegalArgumentException.class, () -> NamesrvStartup.parseArgs(new String[] {"--frobnicate"}, none));
        assertThrows(IllegalArgumentException.class, () -> NamesrvStartup.parseArgs(new String[] {"--port"}, none));
        assertThrows(IllegalArgumentException.class, () -> NamesrvStartup.parseArgs(new String[] {"-DlistnePort=1"}, none));
        assertThrows(IllegalArgumentException.class, () -> NamesrvStartup.parseArgs(new String[] {"--port", "abc"}, none));
        assertThrows(IllegalArgumentException.class,
                () -> NamesrvStartup.parseArgs(new String[] {"-c", dir.resolve("missing").toString()}, none));
    }
}
