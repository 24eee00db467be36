package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.PackedRows;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

/**
 * y = x W^T + b for a weight whose rows are the vectors each output reads: the engine's layout,
 * so every linear layer of every family is one {@link Gemm#multiplyTransposed} call. The weight is
 * packed into the kernel's panels on first use and kept ({@link Gemm#pack}): a pass runs every
 * layer once per batch, and re-packing each weight for each product cost about a sixth of it.
 */
final class Affine {

    private final Matrix weight;
    private final float[] bias;
    private volatile PackedRows packed;

    /** @param bias one entry per row of {@code weight}, or null */
    Affine(Matrix weight, Tensor bias) {
        this.weight = weight;
        this.bias = bias == null ? null : bias.toFloatArray();
        if (this.bias != null && this.bias.length != weight.rows()) {
            throw new IllegalArgumentException("bias of " + this.bias.length + " for a layer of " + weight.rows() + " outputs");
        }
    }

    int inputs() {
        return weight.cols();
    }

    int outputs() {
        return weight.rows();
    }

    private PackedRows packedWeight() {
        PackedRows p = packed;
        if (p == null) {
            synchronized (this) {
                p = packed;
                if (p == null) packed = p = Gemm.get().pack(weight);
            }
        }
        return p;
    }

    /** The outputs for {@code rows} input rows of {@code x}, row-major [rows x outputs]. */
    float[] apply(float[] x, int rows) {
        int n = weight.rows();
        float[] y = new float[rows * n];
        if (rows == 0) return y;
        Gemm.get().multiplyTransposed(Matrix.wrap(x, rows, weight.cols()), packedWeight(), y);
        if (bias != null) {
            RowTasks.forEachChunk(rows, (from, to) -> {
                for (int r = from; r < to; r++) {
                    for (int j = 0; j < n; j++) y[r * n + j] += bias[j];
                }
            });
        }
        return y;
    }
}
