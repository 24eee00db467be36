package dev.embspace.engine.project;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.ProductTopK;
import dev.embspace.engine.kernel.ScoredPair;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.Matrix;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Reads the attention heads of one layer in embedding space: the exact top-k entries of a head's
 * OV or QK circuit, a V x V matrix that is never materialised. The two V x head_dim factors are
 * computed with the GEMM and {@link ProductTopK} finds the entries.
 *
 * <p>When a layer's heads are read one after another, each of its four matrices is multiplied by E
 * once, for all heads (every head's factor is then a column range), instead of once per head and
 * circuit: the GEMM's cost there is mostly packing E. Above {@link #SHARED_LIMIT} floats a side
 * (large vocabularies and widths) factors are computed per head, so memory stays O(V head_dim).
 */
public final class HeadProjector {

    /** Most floats a whole-layer factor (V x rows of one attention matrix) may take. */
    static final long SHARED_LIMIT = 1L << 26;

    private final Matrix embedding;
    private final Attention attention;
    private final Map<Matrix, Matrix> wholeLayer = new IdentityHashMap<>();

    private HeadProjector(Matrix embedding, Attention attention) {
        this.embedding = embedding;
        this.attention = attention;
    }

    /** A reader of the heads of {@code attention}, reusing factors across its heads and circuits. */
    public static HeadProjector of(Matrix embedding, Attention attention) {
        return new HeadProjector(embedding, attention);
    }

    /** One head's circuit, without keeping anything for the other heads. */
    public static List<TokenPair> top(Matrix embedding, Attention attention, int head, Circuit circuit, int k,
                                      boolean excludeSame, IntPredicate allowed) {
        HeadProjector single = new HeadProjector(embedding, attention);
        Matrix[] ab = single.perHead(head, circuit);
        return single.top(ab, k, excludeSame, allowed);
    }

    /**
     * The k largest entries of the circuit over allowed tokens on both sides (filtered tokens never
     * take a place), leaving out a token paired with itself when {@code excludeSame}. Best first,
     * ties to the lower from id, then the lower to id.
     */
    public List<TokenPair> top(int head, Circuit circuit, int k, boolean excludeSame, IntPredicate allowed) {
        return top(factors(head, circuit), k, excludeSame, allowed);
    }

    /** The factors A, B (V x head_dim) with A B^T = E W E^T for the circuit's W. */
    public Matrix[] factors(int head, Circuit circuit) {
        checkHead(head);
        Matrix from = circuit.fromMatrix(attention);
        Matrix to = circuit.toMatrix(attention);
        if ((long) embedding.rows() * Math.max(from.rows(), to.rows()) > SHARED_LIMIT) return perHead(head, circuit);
        int dh = attention.headDim();
        int fromRow = circuit.fromRow(attention, head);
        int toRow = circuit.toRow(attention, head);
        return new Matrix[] {
                wholeLayer.computeIfAbsent(from, this::layerFactor).colRange(fromRow, fromRow + dh),
                wholeLayer.computeIfAbsent(to, this::layerFactor).colRange(toRow, toRow + dh)};
    }

    private Matrix[] perHead(int head, Circuit circuit) {
        checkHead(head);
        return new Matrix[] {
                embeddingTimes(circuit.fromSide(attention, head)),
                embeddingTimes(circuit.toSide(attention, head))};
    }

    private List<TokenPair> top(Matrix[] ab, int k, boolean excludeSame, IntPredicate allowed) {
        List<ScoredPair> pairs = ProductTopK.get().top(ab[0], ab[1], k, allowed, allowed, excludeSame).pairs();
        return pairs.stream().map(p -> new TokenPair(p.row(), p.col(), p.score())).toList();
    }

    private void checkHead(int head) {
        if (head < 0 || head >= attention.heads()) {
            throw new IllegalArgumentException("head " + head + " out of range 0.." + (attention.heads() - 1));
        }
    }

    /** E M^T, row-major V x rows(M), for a whole layer matrix M: a head's factor is a column range. */
    private Matrix layerFactor(Matrix m) {
        float[] out = new float[Math.multiplyExact(embedding.rows(), m.rows())];
        Gemm.get().multiplyTransposed(embedding, m, out);
        return Matrix.wrap(out, embedding.rows(), m.rows());
    }

    /**
     * E X^T for one head's X = [headDim, d]. Computed as (X E^T)^T so that the long side, E, is the
     * one the GEMM splits over threads (X alone is too narrow to split).
     */
    private Matrix embeddingTimes(Matrix x) {
        float[] out = new float[Math.multiplyExact(embedding.rows(), x.rows())];
        Gemm.get().multiplyTransposed(x, embedding, out);
        return Matrix.wrap(out, x.rows(), embedding.rows()).transpose();
    }
}
