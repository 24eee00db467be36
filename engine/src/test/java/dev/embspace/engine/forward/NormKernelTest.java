package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.Vectorization;
import dev.embspace.engine.model.Norm;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class NormKernelTest {

    @Test
    void theSimdKernelIsChosenWithTheProvider() {
        assertSame(Vectorization.get().simd() ? VectorNormKernel.INSTANCE : NormKernel.scalar(), NormKernel.get());
    }

    @Test
    void simdMatchesTheScalarReferenceOnBothKindsWidthsAndOffsets() {
        Random rnd = new Random(17);
        // widths around the vector lengths (tails), BERT's and GPT-2's, an offset row and a large mean
        for (int d : new int[] {1, 7, 16, 33, 384, 768, 1001}) {
            for (Norm.Kind kind : Norm.Kind.values()) {
                float[] weight = gaussian(rnd, d, 1, 0.5f);
                float[] bias = kind == Norm.Kind.LAYER_NORM ? gaussian(rnd, d, 0, 0.1f) : null;
                float[] src = gaussian(rnd, 3 * d + 5, 20, 3f);
                float[] expected = new float[src.length];
                float[] actual = new float[src.length];
                NormKernel.scalar().normalizeRow(kind, src, expected, d + 5, weight, bias, 1e-5f);
                VectorNormKernel.INSTANCE.normalizeRow(kind, src, actual, d + 5, weight, bias, 1e-5f);
                for (int i = 0; i < src.length; i++) {
                    double tolerance = 2e-5 * Math.max(1, Math.abs(expected[i]));
                    assertEquals(expected[i], actual[i], tolerance, kind + " d=" + d + " at " + i);
                }
                // in place, as the post-norm layers use it
                float[] inPlace = src.clone();
                VectorNormKernel.INSTANCE.normalizeRow(kind, inPlace, inPlace, d + 5, weight, bias, 1e-5f);
                for (int i = d + 5; i < 2 * d + 5; i++) assertEquals(actual[i], inPlace[i], kind + " in place at " + i);
            }
        }
    }

    private static float[] gaussian(Random rnd, int n, float mean, float sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = mean + sd * (float) rnd.nextGaussian();
        return x;
    }
}
