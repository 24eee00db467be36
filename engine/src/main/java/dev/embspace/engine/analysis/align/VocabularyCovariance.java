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

    /**
     * (E - 1 mu^T)^T: E with each column's mean over the vocabulary subtracted, stored transposed
     * (d x V, one contiguous row per feature) because every use multiplies over the vocabulary.
     */
    public static Matrix centeredTransposed(Matrix e) {
        int v = e.rows(), d = e.cols();
        double[] mean = new double[d];
        float[] row = new float[d];
        for (int t = 0; t < v; t++) {
            e.row(t, row);
            for (int c = 0; c < d; c++) mean[c] += row[c];
        }
        for (int c = 0; c < d; c++) mean[c] /= v;
        float[] out = new float[d * v];
        for (int t = 0; t < v; t++) {
            e.row(t, row);
            for (int c = 0; c < d; c++) out[c * v + t] = (float) (row[c] - mean[c]);
        }
        return Matrix.wrap(out, d, v);
    }

    /**
     * Ec_A^T Ec_B from the transposed centered embeddings of {@link #centeredTransposed}: d_A x d_B,
     * row-major; in the engine's C = A B^T form with A = Ec_A^T and B = Ec_B^T.
     */
    public static Matrix cross(Matrix centeredTransposedA, Matrix centeredTransposedB) {
        if (centeredTransposedA.cols() != centeredTransposedB.cols()) {
            throw new IllegalArgumentException("embeddings over " + centeredTransposedA.cols() + " and "
                    + centeredTransposedB.cols() + " tokens");
        }
        int da = centeredTransposedA.rows(), db = centeredTransposedB.rows();
        float[] c = new float[da * db];
        Gemm.get().multiplyTransposed(centeredTransposedA, centeredTransposedB, c);
        return Matrix.wrap(c, da, db);
    }
}
