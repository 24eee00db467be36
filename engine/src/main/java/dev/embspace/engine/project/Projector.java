package dev.embspace.engine.project;

import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.tensor.Matrix;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reads d-vectors in embedding space: the scores E x over the vocabulary, of which the top-k (and
 * bottom-k) tokens are kept. The work is the fused tiled kernel ({@link FusedProjection}): E is
 * packed once per block of tokens, every vector is scored against the block with the SIMD GEMM
 * micro-kernel, and the scores go straight into per-vector selectors; the n x V score matrix
 * never exists.
 */
public final class Projector {

    private static final FusedProjection FUSED = new FusedProjection(MicroKernel.get());

    private Projector() {
    }

    /**
     * Projects each row of {@code vectors} (n x d) through {@code embedding} (V x d). Results are
     * exact (each score is {@link MicroKernel#dot}'s FMA chain) with ties broken by the lower id.
     *
     * @param allowed which token ids may be returned (filtered tokens never take a place, so k
     *                results come back whenever k allowed tokens exist); null allows every token
     */
    public static List<Projection> project(Matrix embedding, Matrix vectors, int k, boolean bottom, IntPredicate allowed) {
        return project(embedding, vectors, k, bottom, allowed, null, 0);
    }

    /**
     * As {@link #project(Matrix, Matrix, int, boolean, IntPredicate)}, and in the same pass over the
     * scores, the transposed selection: row i of {@code vectors} is offered to {@code reverse} as
     * unit {@code firstUnit + i} for every allowed token, with the very score the per-vector lists
     * see. Filtered tokens receive no units.
     *
     * @param reverse the index to add to, or null for none
     */
    public static List<Projection> project(Matrix embedding, Matrix vectors, int k, boolean bottom, IntPredicate allowed,
                                           ReverseIndex reverse, int firstUnit) {
        if (embedding.cols() != vectors.cols()) {
            throw new IllegalArgumentException("vectors have " + vectors.cols() + " dimensions but E has " + embedding.cols());
        }
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        int[] tokens = allowed == null ? null : allowedIds(embedding.rows(), allowed);
        if (reverse != null) {
            int highest = tokens == null ? embedding.rows() - 1 : tokens.length == 0 ? -1 : tokens[tokens.length - 1];
            checkReverse(reverse, highest + 1, firstUnit, vectors.rows());
        }
        return FUSED.project(embedding, vectors, tokens, k, bottom, reverse, firstUnit);
    }

    /** The index must hold every selected token, and the units must be numbered within an int. */
    private static void checkReverse(ReverseIndex reverse, int tokensNeeded, int firstUnit, int n) {
        if (tokensNeeded > reverse.vocabulary()) {
            throw new IllegalArgumentException("the reverse index holds " + reverse.vocabulary() + " tokens but the projection reaches token "
                    + (tokensNeeded - 1));
        }
        if (firstUnit < 0 || (long) firstUnit + n - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("units " + firstUnit + " + " + n + " do not fit int ids");
        }
    }

    /** The allowed ids in ascending order, or null when every token is allowed (the fast path). */
    static int[] allowedIds(int vocabulary, IntPredicate allowed) {
        int[] ids = new int[vocabulary];
        int count = 0;
        for (int id = 0; id < vocabulary; id++) {
            if (allowed.test(id)) ids[count++] = id;
        }
        return count == vocabulary ? null : Arrays.copyOf(ids, count);
    }
}
