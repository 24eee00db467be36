package dev.embspace.io.model;

import dev.embspace.io.onnx.OnnxImporter;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory where imported models live, one subdirectory per entry: {@code $EMBSPACE_CACHE}, by
 * default {@code ~/.cache/embspace}. Entries appear atomically (see {@link OnnxImporter}), so an entry
 * that exists is complete.
 */
public record ModelCache(Path root) {

    public static final String ENV = "EMBSPACE_CACHE";

    public ModelCache {
        root = root.toAbsolutePath().normalize();
    }

    public static ModelCache fromEnvironment() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return new ModelCache(Path.of(env));
        return new ModelCache(Path.of(System.getProperty("user.home"), ".cache", "embspace"));
    }

    /** The directory of entry {@code key} (which may not exist yet). */
    public Path entry(String key) {
        return root.resolve(key);
    }

    /** True when {@code key} has been imported: the weights, config and tokenizer are all there. */
    public boolean contains(String key) {
        Path dir = entry(key);
        return Files.isRegularFile(dir.resolve(OnnxImporter.WEIGHTS))
                && Files.isRegularFile(dir.resolve(OnnxImporter.CONFIG))
                && Files.isRegularFile(dir.resolve(OnnxImporter.TOKENIZER));
    }
}
