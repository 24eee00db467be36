package dev.embspace.engine.kernel;

/**
 * The innermost pieces every tiled kernel is built from: a register-blocked multiply of one packed
 * panel of A by one packed panel of B, and a scan that picks the scores of a tile a selector must
 * look at. One implementation is chosen once ({@link #get()}); {@link #scalar()} is the reference.
 *
 * <p>Both implementations accumulate every dot product as one fused multiply-add chain in index
 * order, so they agree bit for bit, and {@link #dot(float[], int, float[], int, int)} reproduces any
 * entry exactly: tests of the top-k kernels can check ties without tolerances.
 */
public interface MicroKernel {

    /** Rows of A per micro-tile (the broadcast side). */
    int rows();

    /** Columns per micro-tile (rows of B, the vector side); a multiple of the vector length. */
    int cols();

    /**
     * Writes the {@link #rows()} x {@link #cols()} block {@code c[cOff + r * ldc + j]} = sum over p of
     * {@code a[aOff + p * rows() + r] * b[bOff + p * cols() + j]}, for packed panels of depth k.
     * With {@code accumulate} the sums start from the values already in c instead of zero: a long
     * depth is done in slices that fit the cache, and the FMA chain simply carries on.
     */
    void multiply(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * Writes to {@code positions} the indices j in [0, length) with {@code values[offset + j] >= high}
     * or {@code values[offset + j] <= low} (NaN never qualifies) and returns how many there are.
     * Selectors call it with their running thresholds, so most of a tile is dismissed at vector speed.
     */
    int outside(float[] values, int offset, int length, float low, float high, int[] positions);

    /**
     * Writes to {@code positions} the indices j in [0, length) with
     * {@code values[offset + j] >= thresholds[thresholdOffset + j]} (NaN never qualifies) and returns
     * how many there are. The transposed scan: a row of a tile against one running threshold per
     * column, so per-column (per-token) selectors dismiss most of a row at vector speed.
     */
    int atLeast(float[] values, int offset, float[] thresholds, int thresholdOffset, int length, int[] positions);

    /** The one dot product both implementations compute: a fused multiply-add chain in index order. */
    static float dot(float[] x, int xOff, float[] y, int yOff, int k) {
        float s = 0;
        for (int p = 0; p < k; p++) s = Math.fma(x[xOff + p], y[yOff + p], s);
        return s;
    }

    static MicroKernel scalar() {
        return ScalarMicroKernel.INSTANCE;
    }

    /** The kernel of the {@link Vectorization} chosen for this JVM: SIMD when the Vector API is usable. */
    static MicroKernel get() {
        return Vectorization.get().microKernel();
    }
}
