package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.util.function.Consumer;

/**
 * Multi-head self-attention over a packed batch: project queries, keys and values, rotate them
 * (rotary families), then per sequence and head softmax(Q K^T / sqrt(dh)) V, and write the heads
 * through W_O. Grouped-query attention needs no copies: query head h reads the rows of its kv head
 * {@link Attention#kvHeadOf(int)} in place.
 */
final class SelfAttention {

    private final Attention attention;
    private final Affine queries;
    private final Affine keys;
    private final Affine values;
    /** z [T x heads*dh] times o: o's transpose is the "rows are vectors" operand of that product. */
    private final Affine output;
    private final Rotary rotary;
    private final AttentionMask mask;
    private final float scale;

    SelfAttention(Attention attention, Rotary rotary, AttentionMask mask) {
        this.attention = attention;
        this.queries = new Affine(attention.q(), attention.qBias());
        this.keys = new Affine(attention.k(), attention.kBias());
        this.values = new Affine(attention.v(), attention.vBias());
        this.output = new Affine(attention.o().transpose(), attention.oBias());
        this.rotary = rotary;
        this.mask = mask;
        this.scale = (float) (1.0 / Math.sqrt(attention.headDim()));
    }

    /**
     * The attention output [T x d] for the normed input {@code x} [T x d].
     *
     * @param heads receives z [T x heads*dh], each head's attention-weighted values before W_O
     *              (the coefficients of its rows of o); may be null
     * @param onHeads  sees z before W_O writes it, and may change it (interventions)
     */
    float[] apply(float[] x, Batch batch, float[] heads, Consumer<float[]> onHeads) {
        int tokens = batch.tokens();
        float[] q = queries.apply(x, tokens);
        float[] k = keys.apply(x, tokens);
        float[] v = values.apply(x, tokens);
        if (rotary != null) {
            rotate(q, attention.heads(), batch);
            rotate(k, attention.kvHeads(), batch);
        }
        float[] z = heads != null ? heads : new float[tokens * attention.heads() * attention.headDim()];
        attend(q, k, v, z, batch);
        onHeads.accept(z);
        return output.apply(z, tokens);
    }

    private void rotate(float[] projected, int headCount, Batch batch) {
        int dh = attention.headDim();
        int width = headCount * dh;
        Parallel.forRange(batch.sequences(), s -> {
            float[] cos = new float[rotary.dims() / 2];
            float[] sin = new float[rotary.dims() / 2];
            for (int p = 0; p < batch.length(s); p++) {
                // positions restart at 0 in every sequence: packing keeps each one unpadded
                rotary.angles(p, cos, sin);
                int row = (batch.offset(s) + p) * width;
                for (int h = 0; h < headCount; h++) rotary.rotate(projected, row + h * dh, cos, sin);
            }
        });
    }

    private void attend(float[] q, float[] k, float[] v, float[] z, Batch batch) {
        int heads = attention.heads();
        int dh = attention.headDim();
        int qWidth = heads * dh;
        int kvWidth = attention.kvHeads() * dh;
        int tokens = batch.tokens();
        Tensor qt = Tensor.wrap(q, tokens, qWidth);
        Tensor kt = Tensor.wrap(k, tokens, kvWidth);
        Tensor vt = Tensor.wrap(v, tokens, kvWidth);
        Parallel.forRange(batch.sequences() * heads, task -> {
            int s = task / heads;
            int h = task % heads;
            int n = batch.length(s);
            if (n == 0) return;
            int first = batch.offset(s);
            int g = attention.kvHeadOf(h);
            Matrix qh = new Matrix(qt, (long) first * qWidth + h * dh, n, dh, qWidth, 1);
            Matrix kh = new Matrix(kt, (long) first * kvWidth + g * dh, n, dh, kvWidth, 1);
            // V_h^T as a strided view, so P V_h is again a product with a "rows are vectors" operand
            Matrix vhT = new Matrix(vt, (long) first * kvWidth + g * dh, dh, n, 1, kvWidth);
            float[] scores = new float[n * n];
            Gemm.get().multiplyTransposed(qh, kh, scores);
            for (int i = 0; i < n; i++) softmaxRow(scores, i * n, n, mask.visibleKeys(i, n));
            float[] out = new float[n * dh];
            Gemm.get().multiplyTransposed(Matrix.wrap(scores, n, n), vhT, out);
            for (int i = 0; i < n; i++) {
                System.arraycopy(out, i * dh, z, (first + i) * qWidth + h * dh, dh);
            }
        });
    }

    /** Scaled softmax over the first {@code visible} scores of a row; the rest get weight 0. */
    private void softmaxRow(float[] scores, int base, int n, int visible) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < visible; j++) {
            scores[base + j] *= scale;
            max = Math.max(max, scores[base + j]);
        }
        double sum = 0;
        for (int j = 0; j < visible; j++) {
            float e = (float) Math.exp(scores[base + j] - max);
            scores[base + j] = e;
            sum += e;
        }
        float inverse = (float) (1.0 / sum);
        for (int j = 0; j < visible; j++) scores[base + j] *= inverse;
        for (int j = visible; j < n; j++) scores[base + j] = 0f;
    }
}
