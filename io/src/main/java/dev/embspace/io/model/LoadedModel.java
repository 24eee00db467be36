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
 * @param directory the directory holding config, weights and tokenizer
 * @param files     the files it was read from
 */
public record LoadedModel(String ref, Path directory, Transformer transformer, Vocabulary vocabulary,
                          TensorStore store, List<Path> files) implements AutoCloseable {

    /**
     * The model's tokenizer, truncating to the model's maximum length unless its tokenizer file
     * asks for a shorter one. Loaded on each call: commands that encode text ask once.
     */
    public Tokenizer tokenizer() {
        Tokenizer tokenizer = Tokenizers.load(directory);
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
