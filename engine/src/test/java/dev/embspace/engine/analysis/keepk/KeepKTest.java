package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepKTest {

    private static final int N = 12;

    @Test
    void curvesMatchDenseKeepKOfTheWritingAndReadingVocabularyVectors() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small(), 1);
        KeepKOptions options = new KeepKOptions(N, 8, 5, null, EmbeddingSide.OUTPUT);
        KeepKResult result = KeepK.compute(model, options, Progress.NONE);
        Matrix e = model.embedding(EmbeddingSide.OUTPUT);
        double[][] dense = RandomModels.dense(e);
        int d = e.cols();
        // E^+ (d x V) from the explicit V x d matrix, not through the Gram
        DMatrixRMaj pinv = new DMatrixRMaj(d, e.rows());
        CommonOps_DDRM.pinv(new DMatrixRMaj(dense), pinv);
        assertEquals(3, result.curves().size());
        for (KeepKCurve curve : result.curves()) {
            float[] x = curve.family().sample(model, e, null, N, new Random(5 * 31 + curve.family().ordinal()));
            double[][] xs = new double[N][d];
            for (int i = 0; i < N; i++) for (int c = 0; c < d; c++) xs[i][c] = x[i * d + c];
            double[][] writing = new double[N][];
            double[][] reading = new double[N][];
            for (int i = 0; i < N; i++) {
                writing[i] = times(dense, xs[i]);
                reading[i] = transposeTimes(pinv, xs[i]);
            }
            for (int g = 0; g < result.k().length; g++) {
                int k = result.k()[g];
                double[][] w = new double[N][], r = new double[N][];
                for (int i = 0; i < N; i++) {
                    w[i] = keepK(writing[i], k);
                    r[i] = keepK(reading[i], k);
                }
                String where = curve.family() + " k=" + k;
                assertEquals(KeepK.cosine(products(xs, xs), products(w, w)), curve.transpose()[g], 1e-5, where);
                assertEquals(KeepK.cosine(products(xs, xs), products(w, r)), curve.pseudoInverse()[g], 1e-5, where);
            }
            assertEquals(1.0, curve.pseudoInverse()[result.k().length - 1], 1e-5, "E^+ is exact at k = V");
            assertTrue(curve.transpose()[result.k().length - 1] < 1.0 - 1e-4, "E^T is not");
        }
    }

    @Test
    void gridIsLogSpacedFromTenToTheVocabularySize() {
        int[] grid = KeepK.grid(30522, 20);
        assertEquals(10, grid[0]);
        assertEquals(30522, grid[grid.length - 1]);
        assertEquals(20, grid.length);
        for (int i = 1; i < grid.length; i++) assertTrue(grid[i] > grid[i - 1]);
        assertArrayEquals(new int[]{1, 2, 3, 5}, KeepK.grid(5, 4));
    }

    @Test
    void samplingIsReproducibleFromTheSeed() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small(), 2);
        KeepKOptions options = new KeepKOptions(5, 4, 9, List.of(VectorFamily.FF_VALUES), EmbeddingSide.OUTPUT);
        KeepKResult first = KeepK.compute(model, options, Progress.NONE);
        KeepKResult second = KeepK.compute(model, options, Progress.NONE);
        assertArrayEquals(first.curves().get(0).transpose(), second.curves().get(0).transpose());
    }

    /** A B^T for row sets A and B: the truncated Gram, the slow way. */
    private static double[][] products(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                for (int t = 0; t < a[i].length; t++) out[i][j] += a[i][t] * b[j][t];
            }
        }
        return out;
    }

    private static double[] times(double[][] e, double[] x) {
        double[] s = new double[e.length];
        for (int t = 0; t < e.length; t++) for (int c = 0; c < x.length; c++) s[t] += e[t][c] * x[c];
        return s;
    }

    /** (E^+)^T x: the V-vector that reads x. */
    private static double[] transposeTimes(DMatrixRMaj pinv, double[] x) {
        double[] s = new double[pinv.numCols];
        for (int t = 0; t < pinv.numCols; t++) for (int c = 0; c < x.length; c++) s[t] += pinv.get(c, t) * x[c];
        return s;
    }

    private static double[] keepK(double[] s, int k) {
        double[] out = new double[s.length];
        IntStream.range(0, s.length).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> -Math.abs(s[t])).thenComparingInt(t -> t))
                .limit(k).forEach(t -> out[t] = s[t]);
        return out;
    }
}
