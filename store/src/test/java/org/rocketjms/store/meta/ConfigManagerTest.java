package org.rocketjms.store.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class ConfigManagerTest {
    @TempDir
    Path dir;

    /** A flat string map stored as a one-level JSON object; anything else fails to decode. */
    static final class MapConfig extends ConfigManager {
        private static final Pattern ENTRY = Pattern.compile("\\s*\"([^\"]*)\"\\s*:\\s*\"([^\"]*)\"\\s*");
        private final Path path;
        Map<String, String> values = new TreeMap<>();
        int decodeCalls;

        MapConfig(Path path) {
            this.path = path;
        }

        @Override
        protected String configFilePath() {
            return path.toString();
        }

        @Override
        public String encode(boolean prettyFormat) {
            StringBuilder sb = new StringBuilder("{");
            String sep = prettyFormat ? "\n  " : "";
            boolean first = true;
            for (Map.Entry<String, String> e : values.entrySet()) {
                sb.append(first ? "" : ",").append(sep).append('"').append(e.getKey()).append("\":\"")
                        .append(e.getValue()).append('"');
                first = false;
            }
            return sb.append(prettyFormat ? "\n}" : "}").toString();
        }

        @Override
        public void decode(String content) {
            decodeCalls++;
            String s = content.trim();
            if (!s.startsWith("{") || !s.endsWith("}")) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, String> parsed = new TreeMap<>();
            String body = s.substring(1, s.length() - 1);
            if (!body.isBlank()) {
                for (String part : body.split(",")) {
                    Matcher m = ENTRY.matcher(part);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("bad entry " + part);
                    }
                    parsed.put(m.group(1), m.group(2));
                }
            }
            values = parsed;
        }
    }

    private Path main() {
        return dir.resolve("config").resolve("topics.json");
    }

    private MapConfig persisted(String... keyValues) {
        MapConfig c = new MapConfig(main());
        for (int i = 0; i < keyValues.length; i += 2) {
            c.values.put(keyValues[i], keyValues[i + 1]);
        }
        c.persist();
        return c;
    }

    private MapConfig loaded(boolean expectOk) {
        MapConfig c = new MapConfig(main());
        assertEquals(expectOk, c.load());
        return c;
    }

    @Test
    void persistAndLoadRoundTrip() throws IOException {
        persisted("a", "1", "b", "2");
        assertTrue(Files.exists(main()));
        assertFalse(Files.exists(AtomicFile.tmpPath(main())), "no temp file left behind");
        assertFalse(Files.exists(AtomicFile.bakPath(main())), "first write has no previous version");
        assertEquals(Map.of("a", "1", "b", "2"), loaded(true).values);

        persisted("a", "3");
        assertEquals(Map.of("a", "3"), loaded(true).values);
        MapConfig fromBak = new MapConfig(AtomicFile.bakPath(main()));
        assertTrue(fromBak.load());
        assertEquals(Map.of("a", "1", "b", "2"), fromBak.values, "the previous version is the backup");
        assertTrue(Files.readString(main(), StandardCharsets.UTF_8).contains("\n"), "persisted pretty");
    }

    @Test
    void anUnchangedStateIsNotWrittenAgain() throws IOException {
        MapConfig c = persisted("a", "1");
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(main());
        Object inode = Files.readAttributes(main(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        c.persist();
        c.persist();
        assertFalse(Files.exists(AtomicFile.bakPath(main())), "the same content was not written again");
        assertEquals(inode, Files.readAttributes(main(), java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertEquals(written, Files.getLastModifiedTime(main()));
        c.values.put("a", "2");
        c.persist();
        assertTrue(Files.exists(AtomicFile.bakPath(main())), "a changed state is written, the previous one kept");
        assertEquals(Map.of("a", "2"), loaded(true).values);
    }

    @Test
    void truncatedMainFallsBackToTheBackup() throws IOException {
        persisted("a", "1");
        persisted("a", "2", "b", "3");
        byte[] full = Files.readAllBytes(main());
        Files.write(main(), java.util.Arrays.copyOf(full, full.length / 2));
        MapConfig c = loaded(true);
        assertEquals(Map.of("a", "1"), c.values);
        assertFalse(Files.exists(main()), "the damaged main file was moved aside");
        assertTrue(Files.exists(main().resolveSibling("topics.json" + ConfigManager.DAMAGED_SUFFIX)));

        c.values.put("c", "4");
        c.persist();
        assertEquals(Map.of("a", "1", "c", "4"), loaded(true).values);
        MapConfig fromBak = new MapConfig(AtomicFile.bakPath(main()));
        assertTrue(fromBak.load());
        assertEquals(Map.of("a", "1"), fromBak.values, "the good backup was not replaced by the damaged file");
    }

    @Test
    void garbageOrEmptyMainFallsBackToTheBackup() throws IOException {
        persisted("a", "1");
        persisted("a", "2");
        Files.write(main(), new byte[]{(byte) 0xFF, 0, 0x13, 0x37});
        assertEquals(Map.of("a", "1"), loaded(true).values);

        persisted("a", "5");
        persisted("a", "6");
        Files.write(main(), new byte[0]);
        assertEquals(Map.of("a", "5"), loaded(true).values);
    }

    @Test
    void missingMainWithBackupLoadsTheBackup() throws IOException {
        persisted("a", "1");
        persisted("a", "2");
        Files.delete(main()); // crash between the two renames
        assertEquals(Map.of("a", "1"), loaded(true).values);
    }

    @Test
    void leftoverTempFileIsIgnoredAndReplaced() throws IOException {
        persisted("a", "1");
        Files.writeString(AtomicFile.tmpPath(main()), "{\"a\":\"half-writ");
        MapConfig c = loaded(true);
        assertEquals(Map.of("a", "1"), c.values);
        c.values.put("b", "2");
        c.persist();
        assertFalse(Files.exists(AtomicFile.tmpPath(main())));
        assertEquals(Map.of("a", "1", "b", "2"), loaded(true).values);
    }

    @Test
    void bothMissingStartsWithDefaults() {
        MapConfig c = new MapConfig(main());
        c.values.put("default", "x");
        assertTrue(c.load());
        assertEquals(0, c.decodeCalls, "decode is not called when there is nothing to load");
        assertEquals(Map.of("default", "x"), c.values);
    }

    @Test
    void bothDamagedOrDamagedWithoutBackupFails() throws IOException {
        persisted("a", "1");
        Files.writeString(main(), "{\"a\":");
        assertFalse(loaded(false).values.containsKey("a"), "damaged main and no backup");

        persisted("a", "1");
        persisted("a", "2");
        Files.writeString(main(), "garbage");
        Files.writeString(AtomicFile.bakPath(main()), "more garbage");
        loaded(false);

        Files.delete(main());
        loaded(false); // main missing, backup damaged
    }

    @Test
    void atomicFileCreatesDirectoriesAndReadsMissingAsNull() throws IOException {
        Path p = dir.resolve("a").resolve("b").resolve("file.bin");
        assertNull(AtomicFile.read(p));
        AtomicFile.write(p, new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, AtomicFile.read(p));
        AtomicFile.write(p, new byte[]{4});
        assertArrayEquals(new byte[]{4}, AtomicFile.read(p));
        assertArrayEquals(new byte[]{1, 2, 3}, AtomicFile.read(AtomicFile.bakPath(p)));
    }
}
