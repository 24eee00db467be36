package dev.embspace.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file so that readers never see a half-written one: into a temporary file beside the
 * target, then moved into place. A failed write leaves the old file (or none) behind.
 */
public final class AtomicFiles {

    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Fills a directory (the temporary one that becomes the target). */
    @FunctionalInterface
    public interface DirectoryBody {
        void write(Path directory) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes a whole directory so that readers see the old one or the complete new one, never a
     * half-built one: {@code body} fills a temporary directory beside {@code target}, which is then
     * renamed into place. An existing target is replaced only when {@code replace} is set (it is
     * renamed aside first and deleted once the new one is in place); a failed build leaves the old
     * directory (or none) behind.
     *
     * @throws FileAlreadyExistsException when the target exists and {@code replace} is false
     */
    public static void writeDirectory(Path target, boolean replace, DirectoryBody body) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        String name = absolute.getFileName().toString();
        if (!replace && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(absolute.toString());
        Path tmp = Files.createTempDirectory(parent, "." + name + ".");
        Path old = null;
        try {
            body.write(tmp);
            makeBrowsable(tmp);
            if (replace && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                old = Files.createTempDirectory(parent, "." + name + ".old.");
                Files.delete(old);
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (old != null && !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        } finally {
            deleteTree(tmp);
            if (old != null) deleteTree(old);
        }
    }

    /** Deletes a directory tree (symbolic links are removed, never followed); nothing if absent. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A directory made by createTempDirectory is 0700; a site is read by a browser or a server (0755). */
    private static void makeBrowsable(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    public static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Temporaries.sweep(dir);
        Path tmp = Temporaries.file(dir, target.getFileName().toString());
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            makeReadable(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
            Temporaries.release(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Temporary files are created owner-only (0600); the results are ordinary outputs that others on
     * the machine may read, as any file a command writes would be (0644).
     */
    private static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Moves {@code from} onto {@code to}, atomically where the file system allows. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
