package dev.embspace.io.model;

import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.safetensors.TensorStore;

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

    @Override
    public void close() {
        store.close();
    }
}
