package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.tensor.Matrix;

import java.util.Arrays;
import java.util.List;

/**
 * Options of the keep-k experiment.
 *
 * @param samples    vectors sampled per family
 * @param gridPoints points of the log-spaced k grid from 10 to V (fewer when they coincide)
 * @param seed       seeds the sampling
 * @param families   which vector families to sample (all three by default)
 * @param side       which embedding plays E
 * @param hidden     the pool [n x d] of hidden states the hidden family samples from, or null
 *                   (the family is then left out of the defaults, and asking for it is an error)
 */
public record KeepKOptions(int samples, int gridPoints, long seed, List<VectorFamily> families, EmbeddingSide side,
                           Matrix hidden) {

    /** The paper samples 1,000 vectors of each family. */
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_GRID_POINTS = 20;
    public static final long DEFAULT_SEED = 42;
    /** Grid positions are stored in a byte per token and vector (see TruncatedScores). */
    public static final int MAX_GRID_POINTS = 127;

    public KeepKOptions {
        if (samples < 2) throw new UsageException("--samples must be at least 2, got " + samples);
        if (gridPoints < 2 || gridPoints > MAX_GRID_POINTS) {
            throw new UsageException("--points must be between 2 and " + MAX_GRID_POINTS + ", got " + gridPoints);
        }
        if (hidden != null && hidden.rows() == 0) throw new IllegalArgumentException("the corpus gave no hidden states");
        if (families == null || families.isEmpty()) {
            families = Arrays.stream(VectorFamily.values()).filter(f -> f != VectorFamily.HIDDEN_STATES || hidden != null).toList();
        }
        families = List.copyOf(families);
        if (families.contains(VectorFamily.HIDDEN_STATES) && hidden == null) {
            throw new UsageException("the hidden family needs hidden states: give a --corpus");
        }
        if (side == null) side = EmbeddingSide.OUTPUT;
    }

    /** Without hidden states. */
    public KeepKOptions(int samples, int gridPoints, long seed, List<VectorFamily> families, EmbeddingSide side) {
        this(samples, gridPoints, seed, families, side, null);
    }

    public static KeepKOptions defaults() {
        return new KeepKOptions(DEFAULT_SAMPLES, DEFAULT_GRID_POINTS, DEFAULT_SEED, null, EmbeddingSide.OUTPUT);
    }
}
