package dev.embspace.engine.forward;

import dev.embspace.engine.model.Norm;

/**
 * A {@link Norm} ready to apply to rows of d values: LayerNorm (centre, scale by the standard
 * deviation, then weight and bias) or RMSNorm (scale by the root mean square, then weight), a row
 * at a time by the {@link NormKernel} chosen for this JVM.
 */
final class LayerNorms {

    private final Norm.Kind kind;
    private final float[] weight;
    private final float[] bias;
    private final float eps;

    private LayerNorms(Norm.Kind kind, float[] weight, float[] bias, float eps) {
        this.kind = kind;
        this.weight = weight;
        this.bias = bias;
        this.eps = eps;
    }

    static LayerNorms of(Norm norm) {
        float[] bias = norm.bias() == null ? null : norm.bias().toFloatArray();
        return new LayerNorms(norm.kind(), norm.weight().toFloatArray(), bias, norm.eps());
    }

    int dim() {
        return weight.length;
    }

    /** Normalises every d-row of {@code src} into {@code dst} (which may be {@code src}). */
    void apply(float[] src, float[] dst, int rows) {
        int d = weight.length;
        RowTasks.forEachChunk(rows, (from, to) -> {
            for (int r = from; r < to; r++) applyRow(src, dst, r * d);
        });
    }

    /** A normalised copy of {@code rows} d-rows of {@code src}. */
    float[] applied(float[] src, int rows) {
        float[] out = new float[rows * weight.length];
        apply(src, out, rows);
        return out;
    }

    private void applyRow(float[] src, float[] dst, int base) {
        NormKernel.get().normalizeRow(kind, src, dst, base, weight, bias, eps);
    }
}
