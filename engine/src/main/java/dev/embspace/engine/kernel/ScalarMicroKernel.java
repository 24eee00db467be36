package dev.embspace.engine.kernel;

/** The reference micro-kernel: plain loops, the same FMA chain per entry as the SIMD one. */
final class ScalarMicroKernel implements MicroKernel {

    static final ScalarMicroKernel INSTANCE = new ScalarMicroKernel();

    private static final int ROWS = 4;
    private static final int COLS = 8;

    private ScalarMicroKernel() {
    }

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public int cols() {
        return COLS;
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < COLS; j++) {
                float s = accumulate ? c[cOff + r * ldc + j] : 0;
                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + p * ROWS + r], b[bOff + p * COLS + j], s);
                c[cOff + r * ldc + j] = s;
            }
        }
    }

    @Override
    public int outside(float[] values, int offset, int length, float low, float high, int[] positions) {
        int count = 0;
        for (int j = 0; j < length; j++) {
            float v = values[offset + j];
            if (v >= high || v <= low) positions[count++] = j;
        }
        return count;
    }

    @Override
    public int atLeast(float[] values, int offset, float[] thresholds, int thresholdOffset, int length, int[] positions) {
        int count = 0;
        for (int j = 0; j < length; j++) {
            if (values[offset + j] >= thresholds[thresholdOffset + j]) positions[count++] = j;
        }
        return count;
    }
}
