package dev.embspace.io.model;

import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.tokenizer.Tokenizer;
import dev.embspace.io.tokenizer.Tokenizers;

import java.nio.file.Path;
import java.util.List;

/**
 * A model ready for analysis: its transformer view, its vocabulary and the mapped checkpoint they
 * read from (closed with this object).
 *
 * @param ref       what the user named (alias, directory, file)
 * @param directory the directory holding config, weights and tokenizer (a GGUF file holds all three)
 * @param files     the files it was read from
 * @param fileTokenizer the tokenizer parsed with the vocabulary, or null when its file holds a
 *                  vocabulary that cannot encode text (then {@link #tokenizer()} says why)
 */
public record LoadedModel(String ref, Path directory, Transformer transformer, Vocabulary vocabulary,
                          TensorStore store, List<Path> files, Tokenizer fileTokenizer) implements AutoCloseable {

    /** A model whose tokenizer is parsed when first asked for. */
    public LoadedModel(String ref, Path directory, Transformer transformer, Vocabulary vocabulary,
                       TensorStore store, List<Path> files) {
        this(ref, directory, transformer, vocabulary, store, files, null);
    }

    /**
     * The model's tokenizer, truncating to the model's maximum length unless its tokenizer file
     * asks for a shorter one. Parsed once with the vocabulary, or, for a model in embspace's cache
     * (whose vocabulary comes from its compact copy), here: commands that encode text ask once.
     */
    public Tokenizer tokenizer() {
        Tokenizer tokenizer = fileTokenizer != null ? fileTokenizer : Tokenizers.load(directory);
        // RoBERTa numbers positions from padding_idx + 1, so its table holds that many fewer tokens
        int maxPositions = transformer.spec().maxPositions() - transformer.embeddings().positionOffset();
        boolean fileLimitFits = tokenizer.truncation() != null && tokenizer.truncation().maxLength() <= maxPositions;
        return maxPositions > 0 && !fileLimitFits ? tokenizer.withMaxLength(maxPositions) : tokenizer;
    }

    @Override
    public void close() {
        store.close();
    }
}
