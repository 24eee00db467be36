package dev.embspace.engine.forward;

import dev.embspace.engine.tensor.Matrix;

/**
 * What one layer did on a batch, packed one row per token (see {@link Batch}); each matrix is null
 * unless its {@link Capture} flag was set.
 *
 * @param residual       [T x d] the residual stream after the block
 * @param ffHidden       [T x dFf] the FF coefficients (see {@link Capture#ffHidden()})
 * @param attentionHeads [T x heads*dh] head h in columns [h*dh, (h+1)*dh)
 */
public record LayerActivations(int layer, Batch batch, int headDim,
                               Matrix residual, Matrix ffHidden, Matrix attentionHeads) {

    /** [length x d] the residual stream of one sequence after this layer. */
    public Matrix residual(int sequence) {
        return batch.rows(require(residual, "residual"), sequence);
    }

    /** [length x dFf] one sequence's FF coefficients. */
    public Matrix ffHidden(int sequence) {
        return batch.rows(require(ffHidden, "ffHidden"), sequence);
    }

    /** [length x dh] the output of {@code head} before W_O, for one sequence. */
    public Matrix headOutput(int sequence, int head) {
        Matrix rows = batch.rows(require(attentionHeads, "attentionHeads"), sequence);
        return rows.colRange(head * headDim, (head + 1) * headDim);
    }

    private Matrix require(Matrix m, String what) {
        if (m == null) {
            throw new IllegalStateException("layer " + layer + ": " + what + " was not captured (set it in the Capture)");
        }
        return m;
    }
}
