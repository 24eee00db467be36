package dev.embspace.io.model;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.tokenizer.Vocabularies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns what the user typed after {@code -m} into a {@link LoadedModel}: resolves aliases and ONNX
 * exports to a cached directory, maps the weights, reads the config into a {@link Transformer} and
 * loads the vocabulary.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    public static LoadedModel load(String ref, Progress progress) {
        Path resolved;
        try {
            resolved = ModelAliases.resolve(ref, progress::message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve model '" + ref + "': " + e.getMessage(), e);
        }
        Path dir = Files.isDirectory(resolved) ? resolved : resolved.toAbsolutePath().getParent();
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new BadInputException(config, "missing config.json (a model directory needs config.json, "
                    + "weights and a tokenizer)");
        }
        TensorStore store = Safetensors.open(resolved);
        try {
            Transformer transformer = Architectures.load(config, store, ref);
            Vocabulary vocabulary = inCache(dir) ? Vocabularies.loadCached(dir) : Vocabularies.load(dir);
            return new LoadedModel(ref, dir, transformer, vocabulary, store, modelFiles(dir));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** True for a directory embspace imported into its cache (and so may keep files in). */
    private static boolean inCache(Path dir) {
        return dir.toAbsolutePath().normalize().startsWith(ModelCache.fromEnvironment().root());
    }

    private static List<Path> modelFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> isModelFile(p.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list the model directory: " + e.getMessage(), e);
        }
    }

    private static boolean isModelFile(String name) {
        return name.endsWith(".safetensors") || name.equals("model.safetensors.index.json")
                || name.equals("config.json") || name.equals("tokenizer.json") || name.equals("vocab.json")
                || name.equals("merges.txt") || name.equals("vocab.txt");
    }
}
