package org.rocketjms.store.meta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Base class of persisted metadata (topics, subscription groups, consumer offsets, acks, prepared
 * transactions): a subclass says where its file is and how to encode/decode its state as UTF-8 text; this class
 * stores it crash-safely through {@link AtomicFile} and loads it with a fallback to the previous version.
 *
 * <p>Guarantees: {@link #persist()} replaces the file atomically, so after any crash {@link #load()} finds the
 * new or the previous complete content. A damaged main file (empty, or {@link #decode} throws) is reported,
 * moved aside to {@code <path>.damaged}, and the {@code .bak} is used instead; a leftover {@code .tmp} is
 * ignored.
 */
public abstract class ConfigManager {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigManager.class);

    /** Suffix of a damaged main file moved aside by {@link #load()}. */
    public static final String DAMAGED_SUFFIX = ".damaged";

    /** What this object last wrote to the main file (null before its first write), so an unchanged state is not
     *  written again: the brokers persist their metadata every few seconds whether it changed or not. */
    private String lastPersisted;

    /** Path of the main file. */
    protected abstract String configFilePath();

    /** The state as text; null means "nothing to persist". */
    public abstract String encode(boolean prettyFormat);

    /**
     * Replaces the in-memory state with the decoded {@code content}.
     *
     * @throws RuntimeException if the content is damaged; the state must then be left as it was
     */
    public abstract void decode(String content);

    /** {@link #encode(boolean)} without pretty formatting. */
    public String encode() {
        return encode(false);
    }

    private Path mainPath() {
        return Paths.get(configFilePath()).toAbsolutePath();
    }

    /**
     * Loads the main file, or its {@code .bak} if the main file is missing, empty or cannot be decoded.
     *
     * @return true if one of them was decoded, or if both are missing (the defaults stay, {@link #decode} is not
     *         called); false if neither could be decoded although at least one exists
     */
    public synchronized boolean load() {
        Path main = mainPath();
        Path bak = AtomicFile.bakPath(main);
        String mainProblem = tryLoad(main);
        if (mainProblem == null) {
            return true;
        }
        boolean mainExists = Files.exists(main);
        if (mainExists) {
            LOG.warn("config file {} {}; trying the backup {}", main, mainProblem, bak);
        }
        String bakProblem = tryLoad(bak);
        if (bakProblem == null) {
            LOG.warn("loaded config {} from its backup {}", main, bak);
            if (mainExists) {
                quarantine(main);
            }
            return true;
        }
        if (!mainExists && !Files.exists(bak)) {
            LOG.info("config file {} does not exist yet; starting with defaults", main);
            return true;
        }
        LOG.error("config file {} {} and its backup {} {}; refusing to start with defaults", main, mainProblem, bak,
                bakProblem);
        return false;
    }

    /** Decodes the file; returns null on success or the reason it could not be used. */
    private String tryLoad(Path path) {
        byte[] bytes;
        try {
            bytes = AtomicFile.read(path);
        } catch (IOException e) {
            return "is unreadable (" + e + ")";
        }
        if (bytes == null) {
            return "is missing";
        }
        String content = new String(bytes, StandardCharsets.UTF_8);
        if (content.isBlank()) {
            return "is empty";
        }
        try {
            decode(content);
            LOG.info("loaded config file {}", path);
            return null;
        } catch (RuntimeException e) {
            LOG.debug("decoding {} failed", path, e);
            return "cannot be decoded (" + e + ")";
        }
    }

    /** Moves a damaged main file aside so the next persist does not rotate it over the good backup. */
    private void quarantine(Path main) {
        Path damaged = main.resolveSibling(main.getFileName() + DAMAGED_SUFFIX);
        try {
            Files.move(main, damaged, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("moved damaged config file {} to {}", main, damaged);
        } catch (IOException e) {
            LOG.error("cannot move damaged config file {} aside; deleting it to protect the backup", main, e);
            try {
                Files.deleteIfExists(main);
            } catch (IOException e2) {
                throw new UncheckedIOException("cannot remove damaged config file " + main, e2);
            }
        }
    }

    /**
     * Writes the current state atomically (see {@link AtomicFile#write}); the previous version becomes the
     * {@code .bak}. A state equal to what this object last wrote is not written again.
     *
     * @throws UncheckedIOException if the file cannot be written; the previous content is then intact
     */
    public synchronized void persist() {
        String content = encode(true);
        Path main = mainPath();
        if (content == null) {
            LOG.debug("nothing to persist for {}", main);
            return;
        }
        if (content.equals(lastPersisted)) {
            return; // the file already holds exactly this: no write, rename and two fsyncs for nothing
        }
        try {
            AtomicFile.write(main, content.getBytes(StandardCharsets.UTF_8));
            lastPersisted = content;
        } catch (IOException e) {
            LOG.error("persisting config file {} failed", main, e);
            throw new UncheckedIOException("cannot persist " + main, e);
        }
    }
}
