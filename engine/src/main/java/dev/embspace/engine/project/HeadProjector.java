package dev.embspace.engine.project;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.ProductTopK;
import dev.embspace.engine.kernel.ScoredPair;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.Matrix;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reads an attention head in embedding space: the exact top-k entries of its OV or QK circuit, a
 * V x V matrix that is never materialised. The two V x head_dim factors are computed with the GEMM
 * (memory O(V head_dim)) and {@link ProductTopK} finds the entries.
 */
public final class HeadProjector {

    private HeadProjector() {
    }

    /** The factors A, B with A B^T = E W E^T for the circuit's W. */
    public static Matrix[] factors(Matrix embedding, Attention attention, int head, Circuit circuit) {
        if (head < 0 || head >= attention.heads()) {
            throw new IllegalArgumentException("head " + head + " out of range 0.." + (attention.heads() - 1));
        }
        return new Matrix[] {
                embeddingTimes(embedding, circuit.fromSide(attention, head)),
                embeddingTimes(embedding, circuit.toSide(attention, head))};
    }

    /**
     * The k largest entries of the circuit over allowed tokens on both sides (filtered tokens never
     * take a place), leaving out a token paired with itself when {@code excludeSame}. Best first,
     * ties to the lower from id, then the lower to id.
     */
    public static List<TokenPair> top(Matrix embedding, Attention attention, int head, Circuit circuit, int k,
                                      boolean excludeSame, IntPredicate allowed) {
        Matrix[] ab = factors(embedding, attention, head, circuit);
        List<ScoredPair> pairs = ProductTopK.get().top(ab[0], ab[1], k, allowed, allowed, excludeSame).pairs();
        return pairs.stream().map(p -> new TokenPair(p.row(), p.col(), p.score())).toList();
    }

    /**
     * E X^T for X = [headDim, d]: each token's coordinates in the head's subspace. Computed as
     * (X E^T)^T so that the long side, E, is the one the GEMM splits over threads and packs once.
     */
    private static Matrix embeddingTimes(Matrix embedding, Matrix headSide) {
        float[] out = new float[Math.multiplyExact(embedding.rows(), headSide.rows())];
        Gemm.get().multiplyTransposed(headSide, embedding, out);
        return Matrix.wrap(out, headSide.rows(), embedding.rows()).transpose();
    }
}
