package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;

import java.util.function.IntPredicate;

/**
 * Options of the related-pairs analysis.
 *
 * @param k       the size of each top-k token set (the paper uses 100)
 * @param signed  rank tokens by signed score instead of |score| (the paper ranks by |score|)
 * @param seed    seeds the shuffled pairings, so a run is reproducible
 * @param foldLn  fold LayerNorm gains into the reading-side vectors first
 * @param side    which embedding plays E
 * @param allowed tokens that may enter a set (a token filter); all when null
 * @param maxPairs evaluate at most this many pairs per relation and layer, chosen at random with
 *                 the seed (0: all pairs, as the paper); a quick estimate on large models
 */
public record PairsOptions(int k, boolean signed, long seed, boolean foldLn, EmbeddingSide side, IntPredicate allowed,
                           int maxPairs) {

    public static final int DEFAULT_K = 100;
    public static final long DEFAULT_SEED = 42;

    public PairsOptions {
        if (k < 1) throw new UsageException("-k must be at least 1, got " + k);
        if (side == null) side = EmbeddingSide.OUTPUT;
        if (allowed == null) allowed = id -> true;
        if (maxPairs < 0) throw new UsageException("--max-pairs must be >= 0, got " + maxPairs);
    }

    public static PairsOptions defaults() {
        return new PairsOptions(DEFAULT_K, false, DEFAULT_SEED, false, EmbeddingSide.OUTPUT, null, 0);
    }
}
