package dev.embspace.io.model;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.arch.GgufArchitectures;
import dev.embspace.io.gguf.GgufFile;
import dev.embspace.io.tokenizer.GgufTokenizers;
import dev.embspace.io.tokenizer.Tokenizer;
import dev.embspace.io.tokenizer.Tokenizers;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.tokenizer.Vocabularies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
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
        if (Files.isRegularFile(resolved) && GgufFile.looksLikeGguf(resolved)) return gguf(ref, resolved);
        Path dir = Files.isDirectory(resolved) ? resolved : resolved.toAbsolutePath().getParent();
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new BadInputException(config, "missing config.json (a model directory needs config.json, "
                    + "weights and a tokenizer)");
        }
        TensorStore store = Safetensors.open(resolved);
        try {
            Transformer transformer = Architectures.load(config, store, ref);
            if (inCache(dir)) {
                // an imported model: its vocabulary from the compact copy beside it, the tokenizer
                // parsed only when a command encodes text (LoadedModel.tokenizer())
                return new LoadedModel(ref, dir, transformer, Vocabularies.loadCached(dir), store, modelFiles(dir));
            }
            Tokenizer tokenizer = parsedOnce(() -> Tokenizers.load(dir));
            Vocabulary vocabulary = tokenizer != null ? tokenizer.vocabulary() : Vocabularies.load(dir);
            requireIdsWithinE(Vocabularies.file(dir), vocabulary, transformer);
            return new LoadedModel(ref, dir, transformer, vocabulary, store, modelFiles(dir), tokenizer);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** True for a directory embspace imported into its cache (and so may keep files in). */
    private static boolean inCache(Path dir) {
        return dir.toAbsolutePath().normalize().startsWith(ModelCache.fromEnvironment().root());
    }

    /**
     * A GGUF file holds everything: weights, sizes and tokenizer. Its {@link LoadedModel#directory()}
     * is the file itself, where the tokenizer is found.
     */
    private static LoadedModel gguf(String ref, Path file) {
        GgufFile gguf = GgufFile.open(file);
        try {
            Transformer transformer = GgufArchitectures.load(gguf, ref);
            Tokenizer tokenizer = parsedOnce(() -> GgufTokenizers.tokenizer(gguf));
            Vocabulary vocabulary = tokenizer != null ? tokenizer.vocabulary() : GgufTokenizers.vocabulary(gguf);
            requireIdsWithinE(file, vocabulary, transformer);
            return new LoadedModel(ref, file, transformer, vocabulary, gguf, List.of(file), tokenizer);
        } catch (RuntimeException e) {
            gguf.close();
            throw e;
        }
    }

    /**
     * The tokenizer, parsed once for both the vocabulary and the encoding of text; null when the file
     * holds a vocabulary this build cannot encode with (a model type or merges it lacks), which
     * analyses of the weights do not need: the vocabulary is then read alone.
     */
    private static Tokenizer parsedOnce(Supplier<Tokenizer> load) {
        try {
            return load.get();
        } catch (BadInputException e) {
            return null;
        }
    }

    /**
     * Every token id must have a row in E (input and output side); a tokenizer with more ids than
     * the weights have rows belongs to another model, and would index past E deep in an analysis.
     */
    private static void requireIdsWithinE(Path tokenizer, Vocabulary vocabulary, Transformer transformer) {
        int rows = Math.min(transformer.embedding(EmbeddingSide.INPUT).rows(), transformer.embedding(EmbeddingSide.OUTPUT).rows());
        if (vocabulary.size() > rows) {
            throw new BadInputException(tokenizer, "token ids go up to " + (vocabulary.size() - 1) + " but the model's embedding matrix E has "
                    + rows + " rows (is this the tokenizer of another model?)");
        }
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
