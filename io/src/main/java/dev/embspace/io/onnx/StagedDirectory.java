package dev.embspace.io.onnx;

import dev.embspace.io.AtomicFiles;
import dev.embspace.io.Temporaries;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory built beside its final place and moved there when complete, so that an interrupted
 * import never leaves a half-written model where a reader (or the cache) would take it for whole.
 */
final class StagedDirectory implements AutoCloseable {

    private final Path target;
    private final Path staging;

    StagedDirectory(Path target) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Path parent = this.target.getParent();
        Files.createDirectories(parent);
        Temporaries.sweep(parent);
        this.staging = Temporaries.directory(parent, this.target.getFileName() + ".importing");
    }

    /** Where to write the files. */
    Path path() {
        return staging;
    }

    /**
     * Moves the staged files into place. A target that does not exist yet appears at once, complete.
     * An existing target (a user's output directory, or a cache entry another process finished first)
     * gets each file replaced atomically.
     */
    void commit() throws IOException {
        makeReadable();
        if (!Files.exists(target)) {
            try {
                AtomicFiles.move(staging, target);
                return;
            } catch (FileSystemException raced) {
                // Linux reports a rename onto a non-empty directory as a plain FileSystemException
                // ("Directory not empty"). If someone created the target meanwhile, replace file by file.
                if (!Files.isDirectory(target)) throw raced;
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(staging)) {
            files = s.toList();
        }
        for (Path f : files) AtomicFiles.move(f, target.resolve(f.getFileName().toString()));
    }

    /**
     * Temporary files and directories are created private (0600/0700); an imported model is ordinary
     * data that other users of a shared cache may read.
     */
    private void makeReadable() throws IOException {
        if (!Files.getFileStore(staging).supportsFileAttributeView(PosixFileAttributeView.class)) return;
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> s = Files.list(staging)) {
            for (Path f : s.toList()) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Removes whatever is left of the staging directory: all of it if {@link #commit()} was not reached. */
    @Override
    public void close() throws IOException {
        Temporaries.release(staging);
        if (!Files.exists(staging)) return;
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
