package dev.embspace.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesCompleteReadableFiles() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "hello");
        assertEquals("hello", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aDirectoryAppearsWholeOrNotAtAll() throws IOException {
        Path site = dir.resolve("site");
        AtomicFiles.writeDirectory(site, false, tmp -> {
            Files.writeString(tmp.resolve("index.html"), "new");
            Files.createDirectories(tmp.resolve("data"));
            Files.writeString(tmp.resolve("data/a.js"), "a");
        });
        assertEquals("new", Files.readString(site.resolve("index.html")));
        assertEquals("a", Files.readString(site.resolve("data/a.js")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(site)));

        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> AtomicFiles.writeDirectory(site, false, tmp -> Files.writeString(tmp.resolve("index.html"), "x")));
        assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(site, true, tmp -> {
            Files.writeString(tmp.resolve("index.html"), "half");
            throw new IOException("disk full");
        }));
        assertEquals("new", Files.readString(site.resolve("index.html")), "a failed build leaves the old directory");

        AtomicFiles.writeDirectory(site, true, tmp -> Files.writeString(tmp.resolve("index.html"), "newer"));
        assertEquals("newer", Files.readString(site.resolve("index.html")));
        assertEquals(false, Files.exists(site.resolve("data")), "the old directory is replaced as a whole");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary directory is left behind");
        }
    }
}
