package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.Matrix;

/**
 * Dense products in the engine's layout, where matrices hold one vector per row: C = A B^T, so
 * C[i][j] is the dot product of row i of A and row j of B. One implementation is chosen once
 * ({@link #get()}); {@link #scalar()} is the plain reference every faster one is tested against.
 */
public interface Gemm {

    /**
     * C = A B^T for A [m x k] and B [n x k], any dtype and strides; {@code c} is row-major
     * [m x n] and is overwritten.
     */
    void multiplyTransposed(Matrix a, Matrix b, float[] c);

    /**
     * B packed once for many products with different A (a layer's weight); pass it to
     * {@link #multiplyTransposed(Matrix, PackedRows, float[])}, with the same results as the
     * unpacked product. The reference does not pack.
     */
    default PackedRows pack(Matrix b) {
        return PackedRows.unpacked(b);
    }

    /** C = A B^T for a B made by {@link #pack(Matrix)}. */
    default void multiplyTransposed(Matrix a, PackedRows b, float[] c) {
        multiplyTransposed(a, b.matrix(), c);
    }

    /** The plain triple loop: the reference. */
    static Gemm scalar() {
        return ScalarGemm.INSTANCE;
    }

    /** The fastest implementation on this machine, chosen once. */
    static Gemm get() {
        return Holder.BEST;
    }

    /** Chooses once: the tiled kernel on the best {@link MicroKernel} (SIMD when the Vector API is there). */
    final class Holder {
        static final Gemm BEST = new TiledGemm(MicroKernel.get());

        private Holder() {
        }
    }
}
