package dev.embspace.engine.analysis;

import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

/**
 * The parameter vectors every analysis reads, optionally with LayerNorm gains folded in.
 *
 * <p>A LayerNorm (or RMSNorm) ends with an elementwise gain g, and the matrix after it reads
 * g * n(x): a reading vector r sees n(x) through r * g. Folding multiplies each reading-side row by
 * g, which is how TransformerLens presents weights ({@code fold_ln}). Only reading kinds fold
 * (attn.q, attn.k, attn.v, ff.key, ff.gate); writing kinds (attn.o, ff.value) and E are untouched,
 * so a projection through E means the same with or without folding. Biases of the norm are left
 * out: they shift, not rescale, and do not belong to a direction.
 */
public final class ParameterVectors {

    private ParameterVectors() {
    }

    /** The rows of {@code kind} in {@code layer}, folded when asked (a heap copy then, else a view). */
    public static Matrix of(Transformer model, int layer, VectorKind kind, EmbeddingSide side, boolean foldLn) {
        Matrix rows = model.vectors(layer, kind, side);
        if (!foldLn) return rows;
        Tensor gain = readingGain(model, layer, kind);
        return gain == null ? rows : scaleColumns(rows, gain);
    }

    /**
     * A layer's attention with its reading side (W_Q, W_K, W_V) folded when asked, for the
     * analyses that take an {@link Attention} whole; W_O and the biases are the block's own.
     */
    public static Attention attention(Transformer model, int layer, EmbeddingSide side, boolean foldLn) {
        Attention a = model.block(layer).attention();
        if (!foldLn) return a;
        return new Attention(a.heads(), a.kvHeads(), a.headDim(), of(model, layer, VectorKind.ATTN_Q, side, true),
                of(model, layer, VectorKind.ATTN_K, side, true), of(model, layer, VectorKind.ATTN_V, side, true), a.o(),
                a.qBias(), a.kBias(), a.vBias(), a.oBias());
    }

    /** The one vector {@code ref} addresses (1 x d), folded when asked and it is a reading kind. */
    public static Matrix of(Transformer model, VectorRef ref, EmbeddingSide side, boolean foldLn) {
        Matrix row = model.vector(ref, side);
        if (!foldLn || ref.kind() == VectorKind.EMB) return row;
        Tensor gain = readingGain(model, ref.layer(), ref.kind());
        return gain == null ? row : scaleColumns(row, gain);
    }

    /** True for the kinds that read the residual stream through a norm. */
    public static boolean reads(VectorKind kind) {
        return switch (kind) {
            case ATTN_Q, ATTN_K, ATTN_V, FF_KEY, FF_GATE -> true;
            // a classifier reads the pooled state, after heads and norms of its own: nothing here to fold
            case ATTN_O, FF_VALUE, EMB, CLASSIFIER -> false;
        };
    }

    /**
     * The gain of the norm whose output {@code kind} in {@code layer} reads, or null (a writing kind,
     * or no norm there). Pre-LN models (GPT-2, NeoX, Llama) normalise at the start of each sublayer;
     * BERT's post-LN normalises after each residual addition, so its attention reads the previous
     * layer's last norm (the embedding norm for layer 0) and its MLP reads the norm after attention.
     */
    public static Tensor readingGain(Transformer model, int layer, VectorKind kind) {
        if (!reads(kind)) return null;
        boolean attention = kind == VectorKind.ATTN_Q || kind == VectorKind.ATTN_K || kind == VectorKind.ATTN_V;
        Block block = model.block(layer);
        Norm norm;
        if (!model.spec().postNorm()) {
            norm = attention ? block.attnNorm() : block.mlpNorm();
        } else if (attention) {
            norm = layer == 0 ? model.embeddings().norm() : model.block(layer - 1).mlpNorm();
        } else {
            norm = block.attnNorm();
        }
        return norm == null ? null : norm.weight();
    }

    /** W_U with the final norm's gain folded in (it reads the normalised last residual), or W_U itself. */
    public static Matrix unembedding(Transformer model, boolean foldLn) {
        Norm last = model.finalNorm();
        if (!foldLn || last == null) return model.unembedding();
        return scaleColumns(model.unembedding(), last.weight());
    }

    /** A heap copy of {@code rows} with column c multiplied by gain[c]. */
    static Matrix scaleColumns(Matrix rows, Tensor gain) {
        int d = rows.cols();
        if (gain.size() != d) {
            throw new IllegalArgumentException("norm gain has " + gain.size() + " entries but the vectors have " + d);
        }
        float[] g = gain.toFloatArray();
        float[] out = rows.toArray();
        for (int r = 0; r < rows.rows(); r++) {
            int base = r * d;
            for (int c = 0; c < d; c++) out[base + c] *= g[c];
        }
        return Matrix.wrap(out, rows.rows(), d);
    }
}
