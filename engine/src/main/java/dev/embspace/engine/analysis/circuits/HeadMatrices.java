package dev.embspace.engine.analysis.circuits;

import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;

/**
 * One layer's attention matrices as the circuit scores read them: q, k, v (LayerNorm gains folded
 * in when asked) and o, with the head views of {@link Attention}.
 */
record HeadMatrices(Attention attention, Matrix q, Matrix k, Matrix v, Matrix o) {

    static HeadMatrices of(Transformer model, int layer, boolean foldLn) {
        return new HeadMatrices(model.block(layer).attention(),
                ParameterVectors.of(model, layer, VectorKind.ATTN_Q, EmbeddingSide.OUTPUT, foldLn),
                ParameterVectors.of(model, layer, VectorKind.ATTN_K, EmbeddingSide.OUTPUT, foldLn),
                ParameterVectors.of(model, layer, VectorKind.ATTN_V, EmbeddingSide.OUTPUT, foldLn),
                model.block(layer).attention().o());
    }

    int heads() {
        return attention.heads();
    }

    int headDim() {
        return attention.headDim();
    }

    /** Rows of head h (query side): [headDim, d]. */
    Matrix headQ(int h) {
        return rows(q, h);
    }

    Matrix headK(int h) {
        return rows(k, attention.kvHeadOf(h));
    }

    Matrix headV(int h) {
        return rows(v, attention.kvHeadOf(h));
    }

    Matrix headO(int h) {
        return rows(o, h);
    }

    private Matrix rows(Matrix m, int head) {
        return m.rowRange(head * headDim(), (head + 1) * headDim());
    }
}
