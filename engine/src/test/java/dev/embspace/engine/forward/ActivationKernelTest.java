package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.Vectorization;
import dev.embspace.engine.model.Activation;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationKernelTest {

    /** Float evaluation of the same formulas: a few ulps of the larger of the value and 1. */
    private static final double TOLERANCE = 2e-6;

    private final ActivationKernel vector = VectorActivationKernel.INSTANCE;
    private final ActivationKernel scalar = ActivationKernel.scalar();

    @Test
    void theSimdKernelIsChosenWhereTheVectorApiIsThere() {
        assertTrue(Vectorization.get().simd(), "the test JVM runs with the incubator vector module");
        assertEquals(VectorActivationKernel.INSTANCE, ActivationKernel.get());
    }

    @Test
    void simdMatchesScalarOnEveryActivation() {
        for (Activation activation : Activation.values()) {
            // an odd length and offsets, so both the vector loop and the scalar tail run
            float[] input = values(1037, 1);
            float[] expected = input.clone();
            float[] actual = input.clone();
            scalar.apply(activation, expected, 3, 1030);
            vector.apply(activation, actual, 3, 1030);
            assertClose(expected, actual, activation.toString());
        }
    }

    @Test
    void simdMatchesScalarOnGatedUnits() {
        for (Activation activation : Activation.values()) {
            float[] gates = values(515, 2);
            float[] up = values(515, 3);
            float[] expected = up.clone();
            float[] actual = up.clone();
            scalar.applyGated(activation, expected, gates, 0, 515);
            vector.applyGated(activation, actual, gates, 0, 515);
            assertClose(expected, actual, "gated " + activation);
        }
    }

    /** Gaussian values at several scales, the exact zero and the far tails where erf saturates. */
    private static float[] values(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 0.3 : i % 3 == 1 ? 3 : 12));
        v[0] = 0f;
        v[1] = -40f;
        v[2] = 40f;
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], TOLERANCE * scale, what + " at " + i + " (input index)");
        }
    }
}
