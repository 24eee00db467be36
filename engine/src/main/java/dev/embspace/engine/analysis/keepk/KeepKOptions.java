package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;

import java.util.List;

/**
 * Options of the keep-k experiment.
 *
 * @param samples    vectors sampled per family
 * @param gridPoints points of the log-spaced k grid from 10 to V (fewer when they coincide)
 * @param seed       seeds the sampling
 * @param families   which vector families to sample (all three by default)
 * @param side       which embedding plays E
 */
public record KeepKOptions(int samples, int gridPoints, long seed, List<VectorFamily> families, EmbeddingSide side) {

    public static final int DEFAULT_SAMPLES = 100;
    public static final int DEFAULT_GRID_POINTS = 20;
    public static final long DEFAULT_SEED = 42;
    /** Grid positions are stored in a byte per token and vector (see TruncatedScores). */
    public static final int MAX_GRID_POINTS = 127;

    public KeepKOptions {
        if (samples < 2) throw new UsageException("--samples must be at least 2, got " + samples);
        if (gridPoints < 2 || gridPoints > MAX_GRID_POINTS) {
            throw new UsageException("--points must be between 2 and " + MAX_GRID_POINTS + ", got " + gridPoints);
        }
        families = List.copyOf(families == null || families.isEmpty() ? List.of(VectorFamily.values()) : families);
        if (side == null) side = EmbeddingSide.OUTPUT;
    }

    public static KeepKOptions defaults() {
        return new KeepKOptions(DEFAULT_SAMPLES, DEFAULT_GRID_POINTS, DEFAULT_SEED, null, EmbeddingSide.OUTPUT);
    }
}
