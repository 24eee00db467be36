package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.MaskedLmTransform;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The logit lens: the residual stream after each block read as the model reads its last one,
 * through the final norm (decoders; BERT's blocks end normed) and then E, so every layer's guess
 * at the output shows as top tokens per position. The unembedding bias is left out, as in the
 * paper's projections: the lens reads directions, not calibrated logits. A BERT checkpoint saved
 * with its masked-LM head is read through that head's transform first, as the model reads it.
 */
public final class LogitLens {

    private final LayerNorms finalNorm;
    private final MlmTransform mlmTransform;
    private final Matrix embedding;

    private LogitLens(LayerNorms finalNorm, MlmTransform mlmTransform, Matrix embedding) {
        this.finalNorm = finalNorm;
        this.mlmTransform = mlmTransform;
        this.embedding = embedding;
    }

    public static LogitLens of(Transformer model, EmbeddingSide side) {
        return new LogitLens(model.finalNorm() == null ? null : LayerNorms.of(model.finalNorm()),
                model.mlmTransform() == null ? null : new MlmTransform(model.mlmTransform()), model.embedding(side));
    }

    /** Whether the model's masked-LM head transform is applied before E (BERT checkpoints that have the head). */
    public boolean appliesMlmTransform() {
        return mlmTransform != null;
    }

    /** A BERT masked-LM head's transform, LayerNorm(f(dense h + b)), on the forward pass's kernels. */
    private static final class MlmTransform {
        private final Affine dense;
        private final Activation activation;
        private final LayerNorms norm;

        MlmTransform(MaskedLmTransform t) {
            this.dense = new Affine(t.dense(), t.bias());
            this.activation = t.activation();
            this.norm = LayerNorms.of(t.norm());
        }

        float[] apply(float[] rows, int n) {
            float[] h = dense.apply(rows, n);
            ActivationKernel.get().apply(activation, h, 0, h.length);
            norm.apply(h, h, n);
            return h;
        }
    }

    /**
     * The top-k tokens of every captured layer at every position of one sequence: entry [l][p] reads
     * layer l's residual stream at position p. The result must have captured the residual stream
     * ({@link Capture#residualStream()}); layers not captured give empty lists.
     *
     * @param allowed which token ids may be returned
     */
    public List<List<Projection>> read(ForwardResult result, int sequence, int k, IntPredicate allowed) {
        List<List<Projection>> out = new ArrayList<>(result.layers().size());
        for (LayerActivations layer : result.layers()) {
            if (layer == null) {
                out.add(List.of());
                continue;
            }
            out.add(Projector.project(embedding, normed(layer.residual(sequence)), k, false, allowed));
        }
        return out;
    }

    /**
     * A residual stream [n x d] as the unembedding sees it: through the final norm, if any, and a
     * masked-LM head's transform, if the checkpoint has one.
     */
    public Matrix normed(Matrix residual) {
        if (finalNorm == null && mlmTransform == null) return residual;
        float[] rows = residual.toArray();
        if (finalNorm != null) finalNorm.apply(rows, rows, residual.rows());
        if (mlmTransform != null) rows = mlmTransform.apply(rows, residual.rows());
        return Matrix.wrap(rows, residual.rows(), residual.cols());
    }
}
