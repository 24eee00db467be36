package dev.embspace.atlas;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;

import java.nio.file.Path;

/**
 * What an atlas holds.
 *
 * @param k          tokens per unit (top and bottom), pairs per head circuit, units per token
 * @param firstLayer first layer with pages (inclusive)
 * @param lastLayer  last layer with pages (inclusive); figures always cover the whole model
 * @param corpus     text corpus for activation evidence, recall and the logit lens, or null
 * @param compare    a second model for the alignment figures, or null
 * @param side       which embedding is E where input and output differ
 */
public record AtlasOptions(int k, int firstLayer, int lastLayer, Path corpus, String compare, EmbeddingSide side) {

    public AtlasOptions {
        if (k < 1) throw new UsageException("-k must be at least 1, got " + k);
        if (firstLayer < 0 || lastLayer < firstLayer) {
            throw new UsageException("--layers " + firstLayer + "-" + lastLayer + " is not a range of layers");
        }
    }
}
