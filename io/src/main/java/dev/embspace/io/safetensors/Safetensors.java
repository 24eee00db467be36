package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way to open safetensors weights: a {@code .safetensors} file, a
 * {@code model.safetensors.index.json}, or a model directory holding either (the single file wins, as
 * in Hugging Face transformers). Everything is validated before the store is returned; malformed
 * input raises a {@link BadInputException} naming the file and the problem.
 */
public final class Safetensors {

    public static final String SINGLE_FILE_NAME = "model.safetensors";

    private Safetensors() {
    }

    /**
     * Opens and validates the weights at {@code fileOrDir}.
     *
     * @throws BadInputException             if the path, an index or a file is missing or malformed
     * @throws java.io.UncheckedIOException if the file system fails while reading
     */
    public static TensorStore open(Path fileOrDir) {
        if (Files.isDirectory(fileOrDir)) {
            Path single = fileOrDir.resolve(SINGLE_FILE_NAME);
            if (Files.exists(single)) return SafetensorsFile.open(single);
            Path index = fileOrDir.resolve(ShardedCheckpoint.INDEX_FILE_NAME);
            if (Files.exists(index)) return ShardedCheckpoint.open(index);
            throw new BadInputException(fileOrDir, "no " + SINGLE_FILE_NAME + " or " + ShardedCheckpoint.INDEX_FILE_NAME
                    + " in this directory");
        }
        if (!Files.exists(fileOrDir)) throw new BadInputException(fileOrDir, "no such file or directory");
        if (fileOrDir.getFileName().toString().endsWith(".index.json")) return ShardedCheckpoint.open(fileOrDir);
        return SafetensorsFile.open(fileOrDir);
    }
}
