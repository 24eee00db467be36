package dev.embspace.engine.project;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.ProductTopK;
import dev.embspace.engine.kernel.ScoredPair;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.TokenClasses;

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

    /**
     * The factors A, B with A B^T = E W E^T for the circuit's W, token-major (V x head_dim). Both
     * come from one GEMM of the stacked head rows against E, so E is packed once, not twice.
     */
    public static Matrix[] factors(Matrix embedding, Attention attention, int head, Circuit circuit) {
        if (head < 0 || head >= attention.heads()) {
            throw new UsageException("--head " + head + " is out of range 0.." + (attention.heads() - 1));
        }
        Matrix from = circuit.fromSide(attention, head);
        Matrix to = circuit.toSide(attention, head);
        int dh = from.rows(), d = from.cols(), v = embedding.rows();
        float[] stacked = new float[2 * dh * d];
        float[] row = new float[d];
        for (int c = 0; c < dh; c++) {
            from.row(c, row);
            System.arraycopy(row, 0, stacked, c * d, d);
            to.row(c, row);
            System.arraycopy(row, 0, stacked, (dh + c) * d, d);
        }
        // (X E^T): the long side, E, is the one the GEMM splits over threads
        float[] byDimension = new float[Math.multiplyExact(2 * dh, v)];
        Gemm.get().multiplyTransposed(Matrix.wrap(stacked, 2 * dh, d), embedding, byDimension);
        return new Matrix[] {tokenMajor(byDimension, 0, dh, v), tokenMajor(byDimension, dh, dh, v)};
    }

    /**
     * The k largest entries of the circuit over allowed tokens on both sides (filtered tokens never
     * take a place), leaving out a token paired with itself when {@code excludeSame}. Best first,
     * ties to the lower from id, then the lower to id.
     */
    public static List<TokenPair> top(Matrix embedding, Attention attention, int head, Circuit circuit, int k,
                                      boolean excludeSame, IntPredicate allowed) {
        return top(embedding, attention, head, circuit, k, excludeSame ? TokenClasses.byId(embedding.rows()) : null, allowed);
    }

    /**
     * As {@link #top(Matrix, Attention, int, Circuit, int, boolean, IntPredicate)}, leaving out the
     * pairs whose two tokens share a class of {@code sameClass} (see {@link TokenClasses}); null
     * leaves out nothing.
     */
    public static List<TokenPair> top(Matrix embedding, Attention attention, int head, Circuit circuit, int k,
                                      int[] sameClass, IntPredicate allowed) {
        return pairs(embedding, attention, head, circuit, k, sameClass, allowed, false);
    }

    /**
     * The k most negative entries of the circuit (the pairs it suppresses), most negative first:
     * the top of -A B^T, so the same exact search finds them.
     */
    public static List<TokenPair> bottom(Matrix embedding, Attention attention, int head, Circuit circuit, int k,
                                         int[] sameClass, IntPredicate allowed) {
        return pairs(embedding, attention, head, circuit, k, sameClass, allowed, true);
    }

    private static List<TokenPair> pairs(Matrix embedding, Attention attention, int head, Circuit circuit, int k,
                                         int[] sameClass, IntPredicate allowed, boolean lowest) {
        Matrix[] ab = factors(embedding, attention, head, circuit);
        Matrix a = lowest ? negated(ab[0]) : ab[0];
        List<ScoredPair> pairs = ProductTopK.get().top(a, ab[1], k, allowed, allowed, sameClass).pairs();
        return pairs.stream().map(p -> new TokenPair(p.row(), p.col(), lowest ? -p.score() : p.score())).toList();
    }

    private static Matrix negated(Matrix m) {
        float[] values = m.toArray();
        for (int i = 0; i < values.length; i++) values[i] = -values[i];
        return Matrix.wrap(values, m.rows(), m.cols());
    }

    /**
     * Rows [first, first + rows) of a dimension-major [., V] block, transposed to V x rows so that
     * each token's coordinates are contiguous for the top-k kernel's packing.
     */
    private static Matrix tokenMajor(float[] byDimension, int first, int rows, int v) {
        float[] out = new float[Math.multiplyExact(v, rows)];
        for (int c = 0; c < rows; c++) {
            int src = (first + c) * v;
            for (int t = 0; t < v; t++) out[t * rows + c] = byDimension[src + t];
        }
        return Matrix.wrap(out, v, rows);
    }
}
