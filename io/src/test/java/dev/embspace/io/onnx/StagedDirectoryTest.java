package dev.embspace.io.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StagedDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aNewTargetAppearsWhole() throws IOException {
        Path target = dir.resolve("entry");
        try (StagedDirectory staged = new StagedDirectory(target)) {
            Files.writeString(staged.path().resolve("a.txt"), "a");
            Files.writeString(staged.path().resolve("b.txt"), "b");
            assertFalse(Files.exists(target), "nothing is visible before commit");
            staged.commit();
        }
        assertEquals(List.of("a.txt", "b.txt"), names(target));
        assertEquals(List.of("entry"), names(dir));
    }

    @Test
    void aTargetCreatedMeanwhileGetsItsFilesReplaced() throws IOException {
        Path target = dir.resolve("entry");
        try (StagedDirectory staged = new StagedDirectory(target)) {
            Files.writeString(staged.path().resolve("a.txt"), "ours");
            // Another process finishes the same entry first.
            Files.createDirectories(target);
            Files.writeString(target.resolve("a.txt"), "theirs");
            Files.writeString(target.resolve("c.txt"), "theirs");
            staged.commit();
        }
        assertEquals("ours", Files.readString(target.resolve("a.txt")));
        assertEquals(List.of("a.txt", "c.txt"), names(target));
        assertEquals(List.of("entry"), names(dir));
    }

    @Test
    void anUncommittedStageIsRemoved() throws IOException {
        try (StagedDirectory staged = new StagedDirectory(dir.resolve("entry"))) {
            Files.writeString(staged.path().resolve("a.txt"), "half");
        }
        assertEquals(List.of(), names(dir));
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
