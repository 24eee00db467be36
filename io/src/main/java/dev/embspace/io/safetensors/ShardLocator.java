package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds shard files on disk and keeps them inside the model's directory. Names are already plain file
 * names ({@link ShardIndex}); this resolves symbolic links and checks where they really lead, so a
 * link cannot smuggle an outside file in either.
 *
 * <p>One outside place is allowed: the Hugging Face hub cache keeps every file of a snapshot
 * ({@code models--org--name/snapshots/REV/}) as a link into the repository's {@code blobs/} directory.
 * Refusing that would refuse every model downloaded with {@code huggingface-cli}.
 */
final class ShardLocator {

    private final Path index;
    private final Path directory;
    private final List<Path> allowedRoots = new ArrayList<>();

    /** Locates the shards of {@code index}, which sits in the model's directory. */
    ShardLocator(Path index) {
        this.index = index;
        this.directory = realPath(index.toAbsolutePath().getParent());
        allowedRoots.add(directory);
        Path snapshots = directory.getParent();
        if (snapshots != null && snapshots.getFileName() != null && snapshots.getFileName().toString().equals("snapshots")) {
            Path blobs = snapshots.resolveSibling("blobs");
            if (Files.isDirectory(blobs)) allowedRoots.add(realPath(blobs));
        }
    }

    /**
     * The path of shard {@code name} beside the index (as the user would name it, not the link target,
     * so errors stay readable); a bad-input error naming the index if it is missing or escapes.
     */
    Path locate(String name) {
        Path shard;
        try {
            shard = directory.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInputException(index, "shard name '" + name + "' is not a valid file name (" + e.getReason() + ")");
        }
        if (!Files.exists(shard)) {
            throw new BadInputException(index, "shard '" + name + "' does not exist in " + directory);
        }
        Path real = realPath(shard);
        if (allowedRoots.stream().noneMatch(real::startsWith)) {
            throw new BadInputException(index, "shard '" + name + "' leads to " + real + ", outside the model directory " + directory);
        }
        if (!Files.isRegularFile(real)) {
            throw new BadInputException(index, "shard '" + name + "' is not a regular file");
        }
        return index.resolveSibling(name);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }
}
