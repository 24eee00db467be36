package dev.embspace.io;

import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading a file the user named, boundedly. Only regular files are read: a FIFO would block the
 * open forever, a device such as /dev/zero never ends, a directory is a mistake; all three are
 * refused before anything opens them. And every whole-file read has a cap, checked against the
 * file's size before a byte is read (and again while reading, for a file that grows), so a huge or
 * sparse file costs one line and no memory.
 */
public final class UserFiles {

    /** Tokenizer files: the largest published tokenizer.json is tens of megabytes. */
    public static final long MAX_TOKENIZER_BYTES = 256L << 20;
    /** config.json and other small JSON: real ones are kilobytes. */
    public static final long MAX_CONFIG_BYTES = 16L << 20;
    /** Data files, corpora and word lists: read whole into memory, so a cap a small heap survives. */
    public static final long MAX_DATA_BYTES = 32L << 20;

    private UserFiles() {
    }

    /** Refuses a missing file, a directory, a FIFO, a device or a socket, before anything opens it. */
    public static void requireRegularFile(Path file) {
        if (Files.isRegularFile(file)) return;
        if (Files.isDirectory(file)) throw new BadInputException(file, "is a directory, not a file");
        if (!Files.exists(file)) throw new BadInputException(file, "no such file");
        throw new BadInputException(file, "is not a regular file (a FIFO, a device or a socket); embspace reads only files");
    }

    /** Refuses what {@link #requireRegularFile} refuses, and a file over {@code maxBytes}; for readers that stream. */
    public static void requireSize(Path file, long maxBytes, String what) {
        requireRegularFile(file);
        try {
            long size = Files.size(file);
            if (size > maxBytes) throw tooLarge(file, size, maxBytes, what);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The whole of a regular file of at most {@code maxBytes}; {@code what} names it in the error ("the data file"). */
    public static byte[] readAllBytes(Path file, long maxBytes, String what) {
        requireRegularFile(file);
        try {
            long size = Files.size(file);
            if (size > maxBytes) throw tooLarge(file, size, maxBytes, what);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) throw tooLarge(file, bytes.length, maxBytes, what);
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The first {@code maxBytes} of a regular file, however large it is (a sparse file included). */
    public static byte[] readPrefix(Path file, int maxBytes) {
        requireRegularFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(maxBytes);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static BadInputException tooLarge(Path file, long size, long max, String what) {
        return new BadInputException(file, what + " is " + size + " bytes, over embspace's limit of " + max + " bytes");
    }
}
