package dev.embspace.io.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tokenizer.json files of the three real models, which ride on the test classpath inside the
 * langchain4j embedding jars, copied out as model directories the loaders can read.
 */
final class RealTokenizers {

    /** Resource names of the real tokenizers, all three on the bert-base-uncased vocabulary. */
    static final List<String> RESOURCES = List.of(
            "/all-minilm-l6-v2-tokenizer.json",
            "/e5-small-v2-tokenizer.json",
            "/bge-small-en-v1.5-tokenizer.json");

    private RealTokenizers() {
    }

    /** A directory under {@code parent} holding the resource as {@code tokenizer.json}. */
    static Path modelDir(Path parent, String resource) {
        try (InputStream in = RealTokenizers.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the test classpath");
            Path dir = Files.createDirectories(parent.resolve(resource.substring(1).replace(".json", "")));
            Files.copy(in, dir.resolve(TokenizerFiles.TOKENIZER_JSON));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
