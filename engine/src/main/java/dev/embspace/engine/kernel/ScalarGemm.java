package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.Matrix;

/** The reference product: one dot product per output element, accumulated in float order. */
final class ScalarGemm implements Gemm {

    static final ScalarGemm INSTANCE = new ScalarGemm();

    private ScalarGemm() {
    }

    @Override
    public void multiplyTransposed(Matrix a, Matrix b, float[] c) {
        int m = a.rows(), n = b.rows(), k = a.cols();
        if (b.cols() != k) throw new IllegalArgumentException("A is " + m + "x" + k + " but B is " + n + "x" + b.cols());
        if (c.length < (long) m * n) throw new IllegalArgumentException("C holds " + c.length + " < " + m + "x" + n);
        float[] rowA = new float[k];
        float[][] bRows = new float[n][];
        for (int j = 0; j < n; j++) bRows[j] = b.row(j);
        for (int i = 0; i < m; i++) {
            a.row(i, rowA);
            for (int j = 0; j < n; j++) {
                float[] bj = bRows[j];
                float s = 0;
                for (int t = 0; t < k; t++) s += rowA[t] * bj[t];
                c[i * n + j] = s;
            }
        }
    }
}
