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

    @Test
    void curvesMatchDenseKeepKThroughTheTransposeAndTheExplicitPseudoInverse() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small(), 1);
        KeepKOptions options = new KeepKOptions(12, 8, 5, null, EmbeddingSide.OUTPUT);
        KeepKResult result = KeepK.compute(model, options, Progress.NONE);
        Matrix e = model.embedding(EmbeddingSide.OUTPUT);
        double[][] dense = RandomModels.dense(e);
        DMatrixRMaj pinv = new DMatrixRMaj(e.cols(), e.rows());
        CommonOps_DDRM.pinv(new DMatrixRMaj(dense), pinv);
        assertEquals(3, result.curves().size());
        for (KeepKCurve curve : result.curves()) {
            float[] x = curve.family().sample(model, e, 12, new Random(5 * 31 + curve.family().ordinal()));
            double[][] xs = new double[12][16];
            for (int i = 0; i < 12; i++) for (int c = 0; c < 16; c++) xs[i][c] = x[i * 16 + c];
            for (int g = 0; g < result.k().length; g++) {
                int k = result.k()[g];
                double[][] viaTranspose = new double[12][];
                double[][] viaPinv = new double[12][];
                for (int i = 0; i < 12; i++) {
                    double[] kept = keepK(scores(dense, xs[i]), k);
                    viaTranspose[i] = transposeTimes(dense, kept);
                    viaPinv[i] = times(pinv, kept);
                }
                String where = curve.family() + " k=" + k;
                assertEquals(KeepK.cosine(KeepK.gram(xs), KeepK.gram(viaTranspose)), curve.transpose()[g], 1e-5, where);
                assertEquals(KeepK.cosine(KeepK.gram(xs), KeepK.gram(viaPinv)), curve.pseudoInverse()[g], 1e-5, where);
            }
            assertEquals(1.0, curve.pseudoInverse()[result.k().length - 1], 1e-5, "E^+ reconstructs exactly at k = V");
            assertTrue(curve.transpose()[result.k().length - 1] < 1.0 - 1e-4, "E^T does not");
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

    private static double[] scores(double[][] e, double[] x) {
        double[] s = new double[e.length];
        for (int t = 0; t < e.length; t++) for (int c = 0; c < x.length; c++) s[t] += e[t][c] * x[c];
        return s;
    }

    private static double[] keepK(double[] s, int k) {
        double[] out = new double[s.length];
        IntStream.range(0, s.length).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> -Math.abs(s[t])).thenComparingInt(t -> t))
                .limit(k).forEach(t -> out[t] = s[t]);
        return out;
    }

    private static double[] transposeTimes(double[][] e, double[] y) {
        double[] z = new double[e[0].length];
        for (int t = 0; t < e.length; t++) for (int c = 0; c < z.length; c++) z[c] += e[t][c] * y[t];
        return z;
    }

    private static double[] times(DMatrixRMaj m, double[] y) {
        double[] z = new double[m.numRows];
        for (int r = 0; r < m.numRows; r++) for (int t = 0; t < m.numCols; t++) z[r] += m.get(r, t) * y[t];
        return z;
    }
}
