package dev.embspace.engine.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MicroKernelTest {

    @Test
    void outsideScanAgreesWithTheScalarScanIncludingBoundsAndNaN() {
        Random rnd = new Random(11);
        MicroKernel vector = MicroKernel.get();
        for (int trial = 0; trial < 200; trial++) {
            int length = rnd.nextInt(100);
            float[] values = new float[length + 7];
            for (int i = 0; i < values.length; i++) values[i] = rnd.nextInt(21) - 10;
            if (length > 3) values[3 + 2] = Float.NaN;
            float low = rnd.nextInt(11) - 10;
            float high = rnd.nextBoolean() ? Float.POSITIVE_INFINITY : rnd.nextInt(11);
            int[] expected = new int[length];
            int[] actual = new int[length];
            int e = MicroKernel.scalar().outside(values, 2, length, low, high, expected);
            int a = vector.outside(values, 2, length, low, high, actual);
            assertEquals(e, a, "trial " + trial);
            assertArrayEquals(Arrays.copyOf(expected, e), Arrays.copyOf(actual, a), "trial " + trial);
            for (int i = 0; i < e; i++) {
                float v = values[2 + expected[i]];
                assertEquals(true, v >= high || v <= low);
            }
        }
    }

    @Test
    void atLeastScanAgreesWithTheScalarScanIncludingTiesInfinitiesAndNaN() {
        Random rnd = new Random(13);
        MicroKernel vector = MicroKernel.get();
        for (int trial = 0; trial < 300; trial++) {
            int length = rnd.nextInt(150);
            float[] values = new float[length + 5];
            float[] thresholds = new float[length + 9];
            for (int i = 0; i < values.length; i++) values[i] = rnd.nextInt(21) - 10;
            for (int i = 0; i < thresholds.length; i++) {
                int kind = rnd.nextInt(10);
                thresholds[i] = kind == 0 ? Float.NEGATIVE_INFINITY : kind == 1 ? Float.NaN : rnd.nextInt(21) - 10;
            }
            if (length > 6) values[5 + 6] = Float.NaN;
            int[] expected = new int[length];
            int[] actual = new int[length];
            int e = MicroKernel.scalar().atLeast(values, 5, thresholds, 9 - trial % 4, length, expected);
            int a = vector.atLeast(values, 5, thresholds, 9 - trial % 4, length, actual);
            assertEquals(e, a, "trial " + trial);
            assertArrayEquals(Arrays.copyOf(expected, e), Arrays.copyOf(actual, a), "trial " + trial);
            // the reference itself: exactly the indices at or above their own threshold
            int count = 0;
            for (int j = 0; j < length; j++) {
                if (values[5 + j] >= thresholds[9 - trial % 4 + j]) assertEquals(j, expected[count++], "trial " + trial);
            }
            assertEquals(count, e, "trial " + trial);
        }
    }

    @Test
    void multiplyInDepthSlicesWritesExactlyTheFmaChainOfEachPanelPair() {
        Random rnd = new Random(5);
        for (MicroKernel kernel : new MicroKernel[] {MicroKernel.scalar(), MicroKernel.get()}) {
            int mr = kernel.rows(), nr = kernel.cols(), k = 19, ldc = nr + 3;
            float[] a = new float[mr * k + 4];
            float[] b = new float[nr * k + 2];
            for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
            float[] c = new float[mr * ldc + 1];
            // two depth slices, the second carrying on from what the first left in c
            kernel.multiply(a, 4, b, 2, 7, c, 1, ldc, false);
            kernel.multiply(a, 4 + 7 * mr, b, 2 + 7 * nr, k - 7, c, 1, ldc, true);
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) s = Math.fma(a[4 + p * mr + r], b[2 + p * nr + j], s);
                    assertEquals(s, c[1 + r * ldc + j], kernel + " (" + r + "," + j + ")");
                }
            }
        }
    }
}
