package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.Matrix;

import java.util.Arrays;

/**
 * The fast GEMM: {@link TiledProduct} with a sink that copies each tile into C. Fine column ranges
 * (one tile each) keep both threads busy to the end.
 */
final class TiledGemm implements Gemm {

    private final MicroKernel kernel;
    private final TiledProduct product;

    TiledGemm(MicroKernel kernel) {
        this.kernel = kernel;
        this.product = new TiledProduct(kernel);
    }

    @Override
    public void multiplyTransposed(Matrix a, Matrix b, float[] c) {
        multiply(a, b, null, c);
    }

    @Override
    public PackedRows pack(Matrix b) {
        return PackedRows.of(b, kernel);
    }

    @Override
    public void multiplyTransposed(Matrix a, PackedRows b, float[] c) {
        multiply(a, b.matrix(), b.packedFor(kernel) ? b : null, c);
    }

    /** C = A B^T, reading B from {@code packed} when it is there. */
    private void multiply(Matrix a, Matrix b, PackedRows packed, float[] c) {
        int m = a.rows(), n = b.rows(), k = a.cols();
        if (b.cols() != k) throw new IllegalArgumentException("A is " + m + "x" + k + " but B is " + n + "x" + b.cols());
        if (c.length < (long) m * n) throw new IllegalArgumentException("C holds " + c.length + " < " + m + "x" + n);
        if (k == 0) {
            Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        product.run(a, null, b, null, packed, Integer.MAX_VALUE, task -> (row0, rows, col0, cols, tile, stride) -> {
            for (int r = 0; r < rows; r++) System.arraycopy(tile, r * stride, c, (row0 + r) * n + col0, cols);
        });
    }
}
