package dev.embspace.engine.forward.recall;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;

import java.util.function.IntPredicate;

/**
 * The knobs of the hidden-state versus parameter recall experiment.
 *
 * @param k         tokens kept per projection, of the hidden state and of each parameter vector
 * @param topUnits  the most activated units (FF units, attention head dimensions) per position
 * @param seed      seeds the permutation of positions behind the random baseline
 * @param side      which matrix plays E
 * @param allowed   which token ids may appear in any projection
 */
public record RecallOptions(int k, int topUnits, long seed, EmbeddingSide side, IntPredicate allowed) {

    public RecallOptions {
        if (k < 1) throw new UsageException("-k must be at least 1, got " + k);
        if (topUnits < 1) throw new UsageException("--top-units must be at least 1, got " + topUnits);
        if (side == null) side = EmbeddingSide.OUTPUT;
        if (allowed == null) allowed = id -> true;
    }

    /** The paper's setting: the 5 most activated units, k = 50, E the output embedding. */
    public static RecallOptions defaults() {
        return new RecallOptions(50, 5, 42L, EmbeddingSide.OUTPUT, null);
    }

    public RecallOptions withK(int newK) {
        return new RecallOptions(newK, topUnits, seed, side, allowed);
    }

    public RecallOptions withAllowed(IntPredicate newAllowed) {
        return new RecallOptions(k, topUnits, seed, side, newAllowed);
    }
}
