package dev.embspace.engine.analysis.align;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.tensor.Matrix;

/**
 * Correlations between two families of vectors as one product of pre-scaled rows: if row i of L is
 * (x_i^T C) / sigma(x_i) and row j of R is y_j / sigma(y_j), then (L R^T)[i][j] is the correlation
 * of x_i and y_j. Each layer is scaled once and reused against every layer of the other model.
 */
final class CorrelationBlock {

    private CorrelationBlock() {
    }

    /**
     * Rows x_i^T C_AB / sqrt(x_i^T C_AA x_i): the A-side factor of a correlation across the vocabulary.
     * A vector whose scores do not vary over the vocabulary (sigma = 0) gets a zero row: correlation 0.
     */
    static Matrix leftInEmbeddingSpace(Matrix x, Matrix crossAB, Matrix gramA) {
        float[] towardsB = times(x, crossAB);
        float[] self = times(x, gramA);
        float[] xs = x.toArray();
        return scaleRows(towardsB, crossAB.cols(), quadraticForms(xs, self, x.rows(), x.cols()));
    }

    /** Rows y_j / sqrt(y_j^T C_BB y_j): the B-side factor. */
    static Matrix rightInEmbeddingSpace(Matrix y, Matrix gramB) {
        float[] self = times(y, gramB);
        float[] ys = y.toArray();
        return scaleRows(ys, y.cols(), quadraticForms(ys, self, y.rows(), y.cols()));
    }

    /** Rows centered over their d features and scaled to unit norm: the raw Pearson factor. */
    static Matrix featureSpace(Matrix x) {
        int n = x.rows(), d = x.cols();
        float[] out = x.toArray();
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int c = 0; c < d; c++) mean += out[i * d + c];
            mean /= d;
            double ss = 0;
            for (int c = 0; c < d; c++) {
                float centered = (float) (out[i * d + c] - mean);
                out[i * d + c] = centered;
                ss += (double) centered * centered;
            }
            norms[i] = ss;
        }
        return scaleRows(out, d, norms);
    }

    /** The mean of |L R^T| over all entries. */
    static double meanAbsolute(Matrix left, Matrix right, float[] buffer) {
        Gemm.get().multiplyTransposed(left, right, buffer);
        int n = left.rows() * right.rows();
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.abs(buffer[i]);
        return n == 0 ? 0 : sum / n;
    }

    /** X M as a row-major array (X is n x d, M is d x d'). */
    private static float[] times(Matrix x, Matrix m) {
        float[] out = new float[x.rows() * m.cols()];
        Gemm.get().multiplyTransposed(x, m.transpose(), out);
        return out;
    }

    /** x_i^T M x_i given X M: the dot product of row i of X with row i of X M. */
    private static double[] quadraticForms(float[] x, float[] xm, int n, int d) {
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < d; c++) s += (double) x[i * d + c] * xm[i * d + c];
            q[i] = s;
        }
        return q;
    }

    /** Divides row i by sqrt(squares[i]) (zeroes it when that is not positive). */
    private static Matrix scaleRows(float[] rows, int d, double[] squares) {
        int n = squares.length;
        for (int i = 0; i < n; i++) {
            double scale = squares[i] > 0 ? 1 / Math.sqrt(squares[i]) : 0;
            for (int c = 0; c < d; c++) rows[i * d + c] = (float) (rows[i * d + c] * scale);
        }
        return Matrix.wrap(rows, n, d);
    }
}
