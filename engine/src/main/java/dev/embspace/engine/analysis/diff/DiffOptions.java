package dev.embspace.engine.analysis.diff;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;

import java.util.function.IntPredicate;

/**
 * Options of a fine-tuning diff.
 *
 * @param k          tokens shown at each end of a difference's projection
 * @param mostChanged how many of the most-moved vectors to list
 * @param side       which embedding of the tuned model reads the differences
 * @param allowed    tokens that may appear in projections (a token filter); all when null
 */
public record DiffOptions(int k, int mostChanged, EmbeddingSide side, IntPredicate allowed) {

    public static final int DEFAULT_K = 20;
    public static final int DEFAULT_MOST_CHANGED = 20;

    public DiffOptions {
        if (k < 1) throw new UsageException("-k must be at least 1, got " + k);
        if (mostChanged < 0) throw new UsageException("--top must be >= 0, got " + mostChanged);
        if (side == null) side = EmbeddingSide.OUTPUT;
        if (allowed == null) allowed = id -> true;
    }

    public static DiffOptions defaults() {
        return new DiffOptions(DEFAULT_K, DEFAULT_MOST_CHANGED, EmbeddingSide.OUTPUT, null);
    }
}
