package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.Progress;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.PseudoInverseReading;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The paper's keep-k experiment: E^T against the pseudo-inverse E^+ as the reading map, that is,
 * as the way a vector is represented over the vocabulary when it is read.
 *
 * <p>An interaction x^T y between two d-vectors can be written in embedding space as an inner
 * product of two V-vectors, the writing side E x and a reading side E' y: with E' = (E^+)^T this is
 * exact (E^+ E = I), with E' = E (the transpose convention the paper and this engine use) it is
 * exact up to E^T E. Interpretation looks only at a vector's top tokens, so the question is which
 * reading map survives truncation. For a family of sampled vectors X (n x d), at each k:
 * <ol>
 *   <li>keep_k zeroes all but the k entries of largest |score| of a V-vector (signs kept, ties to the
 *       lower token id), as the paper's {@code keep_k};</li>
 *   <li>transpose: G_k = keep_k(X E^T) keep_k(X E^T)^T; pseudo-inverse: G_k = keep_k(X E^T)
 *       keep_k(X E^+)^T, where X E^+ = (X (E^T E)^+) E^T;</li>
 *   <li>the score is the cosine similarity between X X^T and G_k, both flattened (scale-free, since
 *       E^T does not preserve scale).</li>
 * </ol>
 * At k = V the pseudo-inverse is exact (cosine 1); the paper's finding is that E^T degrades far
 * less when k is small.
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
        Matrix e = model.embedding(options.side());
        int v = e.rows(), d = e.cols();
        PseudoInverseReading pinv = PseudoInverseReading.of(e);
        int[] grid = grid(v, options.gridPoints());
        int n = options.samples();

        progress.start("keep-k curves", options.families().size());
        List<KeepKCurve> curves = new ArrayList<>();
        for (VectorFamily family : options.families()) {
            Random rng = new Random(options.seed() * 31 + family.ordinal());
            float[] x = family.sample(model, e, options.hidden(), n, rng);
            // the writing side X E^T and the pseudo-inverse reading side (X (E^T E)^+) E^T: n x V each
            float[] writing = new float[n * v];
            Gemm.get().multiplyTransposed(Matrix.wrap(x, n, d), e, writing);
            float[] pinvReading = new float[n * v];
            Gemm.get().multiplyTransposed(Matrix.wrap(pinv.apply(x, n, d), n, d), e, pinvReading);
            TruncatedScores s = TruncatedScores.of(writing, n, v, grid);
            TruncatedScores p = TruncatedScores.of(pinvReading, n, v, grid);
            double[][] original = gram(x, n, d);
            double[][][] transposeGrams = TruncatedScores.grams(s, s, grid.length);
            double[][][] pinvGrams = TruncatedScores.grams(s, p, grid.length);
            double[] transpose = new double[grid.length];
            double[] pseudoInverse = new double[grid.length];
            for (int g = 0; g < grid.length; g++) {
                transpose[g] = cosine(original, transposeGrams[g]);
                pseudoInverse[g] = cosine(original, pinvGrams[g]);
            }
            curves.add(new KeepKCurve(family, n, transpose, pseudoInverse));
            progress.advance(1);
        }
        progress.finish();
        return new KeepKResult(model.name(), v, options.seed(), grid, curves);
    }

    /** X X^T in double for X n x d (row-major floats). */
    private static double[][] gram(float[] x, int n, int d) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += (double) x[i * d + c] * x[j * d + c];
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
