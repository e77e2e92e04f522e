package org.rocketjms.store.meta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe replacement of a small file. {@link #write(Path, byte[])} writes {@code <path>.tmp}, forces it,
 * renames the current file to {@code <path>.bak} (replacing the previous backup), renames the temporary file
 * over {@code <path>} and forces the directory. A crash at any point leaves either the old or the new complete
 * content at {@code <path>}, or {@code <path>} missing and {@code <path>.bak} complete; a leftover
 * {@code .tmp} is never read.
 */
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);

    /** Suffix of the file being written. */
    public static final String TMP_SUFFIX = ".tmp";
    /** Suffix of the previous complete version. */
    public static final String BAK_SUFFIX = ".bak";

    private AtomicFile() {
    }

    /** {@code <path>.tmp}. */
    public static Path tmpPath(Path path) {
        return path.resolveSibling(path.getFileName() + TMP_SUFFIX);
    }

    /** {@code <path>.bak}. */
    public static Path bakPath(Path path) {
        return path.resolveSibling(path.getFileName() + BAK_SUFFIX);
    }

    /**
     * Atomically replaces {@code path} with {@code content}, keeping the previous version as {@code <path>.bak}.
     * Creates the parent directories if needed.
     */
    public static void write(Path path, byte[] content) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = tmpPath(absolute);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        if (Files.exists(absolute)) {
            move(absolute, bakPath(absolute));
        }
        move(tmp, absolute);
        if (dir != null) {
            syncDirectory(dir);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("atomic rename of {} to {} is not supported here ({}); replacing non-atomically", from, to,
                    e.getMessage());
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces a directory so that renames inside it are durable. Platforms that cannot open a directory (e.g.
     * Windows) refuse; that is logged at debug level and ignored.
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot fsync directory {} on this platform: {}", dir, e.toString());
        }
    }

    /** The file's bytes, or null if it does not exist. */
    public static byte[] read(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            LOG.trace("{} does not exist", path);
            return null;
        }
    }
}
