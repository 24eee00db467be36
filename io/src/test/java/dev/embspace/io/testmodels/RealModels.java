package dev.embspace.io.testmodels;

import dev.embspace.io.model.MavenRepository;
import dev.embspace.io.model.ModelAlias;
import dev.embspace.io.model.ModelAliases;
import dev.embspace.io.model.ModelJar;
import dev.embspace.io.onnx.OnnxImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The three real models behind the built-in aliases, imported through the product's own steps (jar in
 * the local Maven repository, {@link ModelJar} extraction, {@link OnnxImporter}) once per test JVM and
 * shared by every test class: {@code RealModels.minilm()} and friends return the imported Hugging Face
 * directory, {@link #onnx(String)} the original export it came from.
 *
 * <p>Everything lives in a fresh directory under {@code target/}, removed when the JVM exits, so a
 * test never sees an entry imported by older code. (The resolver's alias path around these steps is
 * covered by ModelResolverTest.)
 */
public final class RealModels {

    public static final String MINILM = "minilm-l6";
    public static final String E5 = "e5-small-v2";
    public static final String BGE = "bge-small-en-v1.5";

    private static final Map<String, Path> IMPORTED = new ConcurrentHashMap<>();
    private static final Map<String, Duration> IMPORT_TIMES = new ConcurrentHashMap<>();
    private static final Map<String, ModelJar> EXTRACTED = new ConcurrentHashMap<>();
    private static volatile Path root;

    private RealModels() {
    }

    /** all-MiniLM-L6-v2: 6 layers, d 384, 12 heads, d_ff 1536, vocabulary 30522. */
    public static Path minilm() {
        return model(MINILM);
    }

    /** e5-small-v2: 12 layers, d 384. */
    public static Path e5() {
        return model(E5);
    }

    /** bge-small-en-v1.5: 12 layers, d 384. */
    public static Path bge() {
        return model(BGE);
    }

    /** The imported directory (config.json, model.safetensors, tokenizer.json) of a built-in alias. */
    public static synchronized Path model(String alias) {
        Path dir = IMPORTED.get(alias);
        if (dir != null) return dir;
        long start = System.nanoTime();
        ModelJar files = extracted(alias);
        try {
            dir = OnnxImporter.importModel(files.onnx(), files.tokenizer(), root().resolve("models").resolve(alias),
                    line -> System.err.println("[real-models] " + alias + ": " + line));
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + alias, e);
        }
        IMPORT_TIMES.put(alias, Duration.ofNanos(System.nanoTime() - start));
        IMPORTED.put(alias, dir);
        return dir;
    }

    /** How long the import of {@code alias} took in this JVM (jar extraction included), if it happened. */
    public static Duration importTime(String alias) {
        return IMPORT_TIMES.get(alias);
    }

    /** The alias's original ONNX export, extracted from its jar, for tests that compare against it. */
    public static Path onnx(String alias) {
        return extracted(alias).onnx();
    }

    private static synchronized ModelJar extracted(String alias) {
        ModelJar files = EXTRACTED.get(alias);
        if (files != null) return files;
        ModelAlias a = ModelAliases.find(alias).orElseThrow(() -> new IllegalArgumentException("no alias " + alias));
        Path jar = MavenRepository.fromEnvironment().find(a).orElseThrow(() -> new IllegalStateException(
                "the build should have put " + a.coordinates() + " into the local Maven repository"));
        try {
            files = ModelJar.extract(jar, Files.createDirectories(root().resolve("jars").resolve(alias)));
        } catch (IOException e) {
            throw new UncheckedIOException("extracting " + alias, e);
        }
        EXTRACTED.put(alias, files);
        return files;
    }

    private static synchronized Path root() {
        if (root == null) {
            try {
                Path target = Files.createDirectories(Path.of("target"));
                root = Files.createTempDirectory(target.toAbsolutePath(), "real-models-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path created = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
        }
        return root;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[real-models] could not remove " + dir + ": " + e.getMessage());
        }
    }
}
