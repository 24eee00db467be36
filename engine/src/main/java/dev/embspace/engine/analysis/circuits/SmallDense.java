package dev.embspace.engine.analysis.circuits;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.tensor.Matrix;

/** Small double-precision helpers for dh x dh matrices (row-major double[][]). */
final class SmallDense {

    private SmallDense() {
    }

    /** A B^T through the engine's product (A is m x k, B is n x k), widened to double. */
    static double[][] timesTransposed(Matrix a, Matrix b) {
        float[] c = new float[a.rows() * b.rows()];
        Gemm.get().multiplyTransposed(a, b, c);
        double[][] out = new double[a.rows()][b.rows()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.rows(); j++) out[i][j] = c[i * b.rows() + j];
        }
        return out;
    }

    /** The Gram matrix A A^T of a head's rows, in double (dh x dh). */
    static double[][] gram(Matrix rows) {
        int n = rows.rows(), d = rows.cols();
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            float[] r = rows.row(i);
            for (int c = 0; c < d; c++) x[i][c] = r[c];
        }
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += x[i][c] * x[j][c];
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    static double[][] times(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                double ait = a[i][t];
                if (ait == 0) continue;
                for (int j = 0; j < m; j++) c[i][j] += ait * b[t][j];
            }
        }
        return c;
    }

    /** Sum of the elementwise products: tr(A B^T). */
    static double frobeniusInner(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) s += a[i][j] * b[i][j];
        }
        return s;
    }

    /** The block of {@code m} at rows [r, r + n), columns [c, c + n). */
    static double[][] block(double[][] m, int r, int c, int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(m[r + i], c, out[i], 0, n);
        return out;
    }

    /** A float matrix holding {@code m}, for the engine's products. */
    static Matrix toMatrix(double[][] m) {
        int n = m.length, k = m[0].length;
        float[] data = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) data[i * k + j] = (float) m[i][j];
        }
        return Matrix.wrap(data, n, k);
    }
}
