package dev.embspace.engine.kernel;

import dev.embspace.engine.kernel.RandomMatrices.Layout;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductTopKTest {

    @Test
    void matchesBruteForceOnRandomShapesDtypesFiltersAndExclusion() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 30; trial++) {
            int m = 1 + rnd.nextInt(trial < 20 ? 120 : 700);
            int n = trial % 5 == 0 ? m : 1 + rnd.nextInt(trial < 20 ? 300 : 900);
            int r = 1 + rnd.nextInt(40);
            int k = rnd.nextInt(60);
            DType dtype = DType.values()[trial % 3];
            Matrix a = RandomMatrices.gaussian(rnd, dtype, Layout.values()[rnd.nextInt(3)], m, r);
            Matrix b = RandomMatrices.gaussian(rnd, dtype, Layout.values()[rnd.nextInt(3)], n, r);
            IntPredicate rows = rnd.nextBoolean() ? null : randomFilter(rnd, m);
            IntPredicate cols = rnd.nextBoolean() ? null : randomFilter(rnd, n);
            boolean excludeSame = rnd.nextBoolean();
            check(a, b, k, rows, cols, excludeSame, "trial " + trial + " " + m + "x" + n + " r=" + r + " k=" + k);
        }
    }

    @Test
    void tiesGoToTheLowerRowThenTheLowerColumn() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 6; trial++) {
            // entries in {-1, 0, 1} over 2 dimensions: thousands of entries share the top score
            Matrix a = RandomMatrices.smallIntegers(rnd, 400 + 37 * trial, 2, 1);
            Matrix b = RandomMatrices.smallIntegers(rnd, 500 + 11 * trial, 2, 1);
            check(a, b, 150, null, trial % 2 == 0 ? null : randomFilter(rnd, b.rows()), trial % 3 == 0, "trial " + trial);
        }
    }

    @Test
    void tilesThatCannotReachTheThresholdAreSkippedWithoutChangingTheResult() {
        Random rnd = new Random(4);
        int v = 2000, r = 16;
        // norms spread over six orders of magnitude, as rare and frequent tokens differ
        float[] a = new float[v * r];
        float[] b = new float[v * r];
        for (int i = 0; i < v; i++) {
            double sa = Math.pow(10, -3 + 6 * rnd.nextDouble());
            double sb = Math.pow(10, -3 + 6 * rnd.nextDouble());
            for (int p = 0; p < r; p++) {
                a[i * r + p] = (float) (sa * rnd.nextGaussian());
                b[i * r + p] = (float) (sb * rnd.nextGaussian());
            }
        }
        Matrix ma = Matrix.wrap(a, v, r);
        Matrix mb = Matrix.wrap(b, v, r);
        ProductTopK.Result result = ProductTopK.get().top(ma, mb, 100, null, null, true);
        assertEquals(ReferenceProductTopK.top(ma, mb, 100, null, null, true), result.pairs());
        assertTrue(result.tilesComputed() * 10 < result.tiles(),
                "computed " + result.tilesComputed() + " of " + result.tiles() + " tiles");
    }

    @Test
    void scalarMicroKernelGivesTheSameEntries() {
        Random rnd = new Random(23);
        Matrix a = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 300, 9);
        Matrix b = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 250, 9);
        assertEquals(new ProductTopK(MicroKernel.scalar()).top(a, b, 40, null, null, false).pairs(),
                ProductTopK.get().top(a, b, 40, null, null, false).pairs());
    }

    private static IntPredicate randomFilter(Random rnd, int size) {
        BitSet allowed = new BitSet(size);
        double density = 0.05 + 0.9 * rnd.nextDouble();
        for (int i = 0; i < size; i++) if (rnd.nextDouble() < density) allowed.set(i);
        return allowed::get;
    }

    private static void check(Matrix a, Matrix b, int k, IntPredicate rows, IntPredicate cols, boolean excludeSame, String what) {
        List<ScoredPair> expected = ReferenceProductTopK.top(a, b, k, rows, cols, excludeSame);
        List<ScoredPair> actual = ProductTopK.get().top(a, b, k, rows, cols, excludeSame).pairs();
        assertEquals(expected, actual, what);
    }
}
