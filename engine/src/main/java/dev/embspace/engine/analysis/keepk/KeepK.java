package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.Progress;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The paper's keep-k experiment: is E^T or the pseudo-inverse E^+ the better way to read a
 * vocabulary-space vector back into the model's space, once only its k strongest tokens are kept?
 *
 * <p>What is computed, for a family of sampled vectors X (n x d):
 * <ol>
 *   <li>each x is projected, s = E x (V scores), and keep-k zeroes all but the k entries of largest
 *       |s| (signs kept, ties to the lower token id), as the paper's {@code keep_k};</li>
 *   <li>the kept scores are read back, x_k = R keep_k(s), with R = E^T or R = E^+ = (E^T E)^+ E^T;</li>
 *   <li>the score is the cosine similarity between the Gram matrices X X^T and X_k X_k^T (flattened),
 *       i.e. how well the pairwise interactions x^T y survive the round trip through k tokens. It
 *       ignores the overall scale, which E^T does not preserve.</li>
 * </ol>
 * At k = V, E^+ reconstructs exactly (cosine 1) while E^T gives X (E^T E) and falls short; at small
 * k the paper finds E^T the more robust. Both maps share z = E^T keep_k(s), since E^+ keep_k(s) =
 * (E^T E)^+ z, so one accumulation serves both.
 */
public final class KeepK {

    private static final int SMALLEST_K = 10;

    private KeepK() {
    }

    /** About {@code points} values of k, log-spaced from 10 (or 1 for tiny vocabularies) to V, V included. */
    public static int[] grid(int vocabulary, int points) {
        int first = vocabulary >= SMALLEST_K ? SMALLEST_K : 1;
        double ratio = (double) vocabulary / first;
        int[] k = new int[points];
        for (int g = 0; g < points; g++) {
            k[g] = (int) Math.round(first * Math.pow(ratio, (double) g / (points - 1)));
        }
        k[points - 1] = vocabulary;
        return Arrays.stream(k).distinct().sorted().toArray();
    }

    public static KeepKResult compute(Transformer model, KeepKOptions options, Progress progress) {
        Matrix source = model.embedding(options.side());
        int v = source.rows(), d = source.cols();
        // a heap copy: the accumulation visits E's rows in a different order for every vector
        float[] rows = source.toArray();
        Matrix e = Matrix.wrap(rows, v, d);
        DMatrixRMaj gramInverse = gramPseudoInverse(e);
        int[] grid = grid(v, options.gridPoints());
        int n = options.samples();

        progress.start("keep-k curves", (long) options.families().size() * n);
        List<KeepKCurve> curves = new ArrayList<>();
        for (VectorFamily family : options.families()) {
            Random rng = new Random(options.seed() * 31 + family.ordinal());
            float[] x = family.sample(model, source, n, rng);
            float[] scores = new float[n * v];
            Gemm.get().multiplyTransposed(Matrix.wrap(x, n, d), e, scores);
            double[][][] kept = new double[grid.length][n][];
            Parallel.forRange(n, i -> {
                double[][] snapshots = readBack(scores, i, v, d, rows, grid);
                for (int g = 0; g < grid.length; g++) kept[g][i] = snapshots[g];
                progress.advance(1);
            });
            double[][] original = gram(toDouble(x, n, d));
            double[] transpose = new double[grid.length];
            double[] pseudoInverse = new double[grid.length];
            for (int g = 0; g < grid.length; g++) {
                transpose[g] = cosine(original, gram(kept[g]));
                pseudoInverse[g] = cosine(original, gram(times(kept[g], gramInverse)));
            }
            curves.add(new KeepKCurve(family, n, transpose, pseudoInverse));
        }
        progress.finish();
        return new KeepKResult(model.name(), v, options.seed(), grid, curves);
    }

    /**
     * z_k = E^T keep_k(s) for every k of the grid, for row i of the scores: tokens are visited by
     * decreasing |s| and z is snapshotted as the count reaches each k, so the whole curve costs one
     * pass over the vocabulary (a single product per k would redo the shared prefix each time).
     */
    static double[][] readBack(float[] scores, int i, int v, int d, float[] e, int[] grid) {
        long[] order = new long[v];
        for (int t = 0; t < v; t++) {
            int magnitude = Float.floatToIntBits(Math.abs(scores[i * v + t]));
            // ascending key = descending |s|, then ascending id (non-negative float bits order like the floats)
            order[t] = ((long) (Integer.MAX_VALUE - magnitude) << 32) | t;
        }
        Arrays.sort(order);
        double[][] snapshots = new double[grid.length][];
        double[] z = new double[d];
        int g = 0;
        for (int taken = 1; taken <= v && g < grid.length; taken++) {
            int t = (int) order[taken - 1];
            double s = scores[i * v + t];
            int base = t * d;
            for (int c = 0; c < d; c++) z[c] += s * e[base + c];
            if (taken == grid[g]) snapshots[g++] = z.clone();
        }
        return snapshots;
    }

    /** (E^T E)^+, through one d x d product over the vocabulary and a small SVD. */
    private static DMatrixRMaj gramPseudoInverse(Matrix e) {
        int d = e.cols();
        float[] g = new float[d * d];
        Gemm.get().multiplyTransposed(e.transpose(), e.transpose(), g);
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) gram.data[i] = g[i];
        DMatrixRMaj inverse = new DMatrixRMaj(d, d);
        CommonOps_DDRM.pinv(gram, inverse);
        return inverse;
    }

    private static double[][] times(double[][] rows, DMatrixRMaj m) {
        DMatrixRMaj a = new DMatrixRMaj(rows);
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, m.numCols);
        CommonOps_DDRM.mult(a, m, out);
        double[][] result = new double[out.numRows][out.numCols];
        for (int r = 0; r < out.numRows; r++) System.arraycopy(out.data, r * out.numCols, result[r], 0, out.numCols);
        return result;
    }

    private static double[][] toDouble(float[] x, int n, int d) {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) out[i][c] = x[i * d + c];
        return out;
    }

    static double[][] gram(double[][] x) {
        int n = x.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) s += x[i][c] * x[j][c];
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /** Cosine similarity of two matrices as flattened vectors. */
    static double cosine(double[][] a, double[][] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                ab += a[i][j] * b[i][j];
                aa += a[i][j] * a[i][j];
                bb += b[i][j] * b[i][j];
            }
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }
}
