package dev.embspace.engine.forward;

import dev.embspace.engine.model.Norm;

/**
 * A {@link Norm} ready to apply to rows of d values: LayerNorm (centre, scale by the standard
 * deviation, then weight and bias) or RMSNorm (scale by the root mean square, then weight). The
 * statistics are accumulated in double so long rows lose nothing to summation order.
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
        int d = weight.length;
        double mean = 0;
        if (kind == Norm.Kind.LAYER_NORM) {
            for (int c = 0; c < d; c++) mean += src[base + c];
            mean /= d;
        }
        double squares = 0;
        for (int c = 0; c < d; c++) {
            double centred = src[base + c] - mean;
            squares += centred * centred;
        }
        float inverse = (float) (1.0 / Math.sqrt(squares / d + eps));
        float shift = (float) mean;
        for (int c = 0; c < d; c++) {
            float y = (src[base + c] - shift) * inverse * weight[c];
            dst[base + c] = bias == null ? y : y + bias[c];
        }
    }
}
