package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.Vectorization;
import dev.embspace.engine.model.Norm;

/**
 * One row of a LayerNorm or RMSNorm: the statistics of d values, then (x - mean) / sqrt(var + eps)
 * (LayerNorm) or x / sqrt(mean square + eps) (RMSNorm), times the weight, plus the bias. One
 * implementation is chosen once, by the {@link Vectorization} provider; the scalar one, with its
 * statistics in double, is the reference the SIMD one is tested against.
 */
interface NormKernel {

    /** Writes the normed row {@code src[base .. base + d)} to {@code dst} at the same place ({@code dst} may be src). */
    void normalizeRow(Norm.Kind kind, float[] src, float[] dst, int base, float[] weight, float[] bias, float eps);

    static NormKernel scalar() {
        return Scalar.INSTANCE;
    }

    /** The SIMD kernel when the provider chosen for this JVM is SIMD, at its width. */
    static NormKernel get() {
        return Holder.BEST;
    }

    final class Holder {
        static final NormKernel BEST = Vectorization.get().simd() ? VectorNormKernel.INSTANCE : scalar();

        private Holder() {
        }
    }

    /** The reference: statistics accumulated in double, so long rows lose nothing to summation order. */
    final class Scalar implements NormKernel {
        static final Scalar INSTANCE = new Scalar();

        private Scalar() {
        }

        @Override
        public void normalizeRow(Norm.Kind kind, float[] src, float[] dst, int base, float[] weight, float[] bias, float eps) {
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
}
