package dev.embspace.engine.analysis.align;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.tensor.Matrix;

/**
 * The d_A x d_B kernel that turns Pearson correlation across the vocabulary into small products.
 *
 * <p>For x in A's space and y in B's, the scores E_A x and E_B y are V-vectors. Their covariance
 * over tokens is x^T C y with C = (E_A - 1 mu_A^T)^T (E_B - 1 mu_B^T) / V, where mu are the column
 * means over the vocabulary; this is E_A^T E_B - V mu_A mu_B^T up to the 1/V factor, which cancels in
 * a correlation. Centering E before the product rather than subtracting V mu mu^T afterwards gives
 * the same matrix without the cancellation of two large float sums. So one V-sized product per
 * model pair (through {@link Gemm}) replaces a V-sized product per vector pair.
 */
public final class VocabularyCovariance {

    private VocabularyCovariance() {
    }

    /** E with each column's mean over the vocabulary subtracted, as a heap copy. */
    public static Matrix centered(Matrix e) {
        int v = e.rows(), d = e.cols();
        double[] mean = new double[d];
        float[] row = new float[d];
        for (int t = 0; t < v; t++) {
            e.row(t, row);
            for (int c = 0; c < d; c++) mean[c] += row[c];
        }
        for (int c = 0; c < d; c++) mean[c] /= v;
        float[] out = e.toArray();
        for (int t = 0; t < v; t++) {
            int base = t * d;
            for (int c = 0; c < d; c++) out[base + c] = (float) (out[base + c] - mean[c]);
        }
        return Matrix.wrap(out, v, d);
    }

    /**
     * Ec_A^T Ec_B for two centered embeddings over the same vocabulary: d_A x d_B, row-major
     * (the rows of Ec^T are the columns of Ec, so this is C = A B^T with A = Ec_A^T, B = Ec_B^T).
     */
    public static Matrix cross(Matrix centeredA, Matrix centeredB) {
        if (centeredA.rows() != centeredB.rows()) {
            throw new IllegalArgumentException("embeddings over " + centeredA.rows() + " and " + centeredB.rows() + " tokens");
        }
        int da = centeredA.cols(), db = centeredB.cols();
        float[] c = new float[da * db];
        Gemm.get().multiplyTransposed(centeredA.transpose(), centeredB.transpose(), c);
        return Matrix.wrap(c, da, db);
    }
}
