package dev.embspace.engine.model;

import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

/**
 * One attention block in the engine's single layout: every matrix has one d-vector per row.
 * <ul>
 *   <li>{@code q}: [heads * headDim, d]; row {@code h * headDim + j} is column (h, j) of W_Q, the
 *       vector the query of head h dimension j reads.</li>
 *   <li>{@code k}, {@code v}: [kvHeads * headDim, d], likewise for W_K and W_V.</li>
 *   <li>{@code o}: [heads * headDim, d]; row {@code h * headDim + j} is what W_O writes for that
 *       dimension of head h.</li>
 * </ul>
 * Per head, in TransformerLens' terms, W_Q[h] = headQ(h)^T (d x dh) and W_O[h] = headO(h) (dh x d),
 * so W_QK = headQ(h)^T headK(h) and W_OV = headV(h)^T headO(h). Biases may be null.
 */
public record Attention(int heads, int kvHeads, int headDim,
                        Matrix q, Matrix k, Matrix v, Matrix o,
                        Tensor qBias, Tensor kBias, Tensor vBias, Tensor oBias) {

    public Attention {
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " is not a multiple of kv heads " + kvHeads);
        }
        requireRows(q, heads * headDim, "q");
        requireRows(k, kvHeads * headDim, "k");
        requireRows(v, kvHeads * headDim, "v");
        requireRows(o, heads * headDim, "o");
    }

    private static void requireRows(Matrix m, int rows, String name) {
        if (m.rows() != rows) throw new IllegalArgumentException(name + " has " + m.rows() + " rows, expected " + rows);
    }

    /** The kv head that query head {@code h} reads under grouped-query attention. */
    public int kvHeadOf(int h) {
        return h / (heads / kvHeads);
    }

    /** [headDim, d]: the query-side vectors of head h. */
    public Matrix headQ(int h) {
        return q.rowRange(h * headDim, (h + 1) * headDim);
    }

    /** [headDim, d]: the key-side vectors that head h reads (its kv head's). */
    public Matrix headK(int h) {
        int g = kvHeadOf(h);
        return k.rowRange(g * headDim, (g + 1) * headDim);
    }

    /** [headDim, d]: the value-side vectors that head h reads (its kv head's). */
    public Matrix headV(int h) {
        int g = kvHeadOf(h);
        return v.rowRange(g * headDim, (g + 1) * headDim);
    }

    /** [headDim, d]: what head h writes to the residual stream per dimension. */
    public Matrix headO(int h) {
        return o.rowRange(h * headDim, (h + 1) * headDim);
    }
}
