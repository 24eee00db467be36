package dev.embspace.engine.forward;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RotaryTest {

    @Test
    void partialFractionRotatesOnlyTheLeadingDimensions() {
        // NeoX-style: head of 16, rotary_pct 0.25 -> 4 rotary dimensions, 12 passed through
        Rotary rotary = new Rotary(16, 0.25f, 10000f);
        assertEquals(4, rotary.dims());
        float[] v = random(16, 1);
        float[] rotated = v.clone();
        rotary.apply(rotated, 0, 7);
        for (int i = 4; i < 16; i++) assertEquals(v[i], rotated[i], "dimension " + i + " passes through");
        for (int i = 0; i < 4; i++) {
            assertEquals(false, v[i] == rotated[i], "dimension " + i + " rotates");
        }
    }

    @Test
    void matchesRotateHalfAsTorchWritesIt() {
        int headDim = 12;
        float theta = 10000f;
        Rotary rotary = new Rotary(headDim, 0.5f, theta);
        int dims = 6, half = 3;
        for (int position : new int[] {0, 1, 5, 23}) {
            float[] v = random(headDim, position);
            float[] actual = v.clone();
            rotary.apply(actual, 0, position);
            // q_embed = q_rot * cos + rotate_half(q_rot) * sin, with emb = cat(freqs, freqs)
            for (int i = 0; i < dims; i++) {
                double freq = position / Math.pow(theta, 2.0 * (i % half) / dims);
                double rotatedHalf = i < half ? -v[i + half] : v[i - half];
                double expected = v[i] * Math.cos(freq) + rotatedHalf * Math.sin(freq);
                assertEquals(expected, actual[i], 1e-5, "position " + position + " dimension " + i);
            }
        }
    }

    @Test
    void positionZeroIsIdentityAndRotationKeepsNorms() {
        Rotary rotary = new Rotary(8, 1f, 500000f);
        float[] v = random(8, 3);
        float[] same = v.clone();
        rotary.apply(same, 0, 0);
        assertArrayEquals(v, same);
        float[] turned = v.clone();
        rotary.apply(turned, 0, 11);
        for (int i = 0; i < 4; i++) {
            double before = v[i] * v[i] + v[i + 4] * v[i + 4];
            double after = turned[i] * turned[i] + turned[i + 4] * turned[i + 4];
            assertEquals(before, after, 1e-5, "pair " + i);
        }
    }

    /** The point of rotary: q.k depends on the positions only through their difference. */
    @Test
    void scoresDependOnRelativePosition() {
        Rotary rotary = new Rotary(8, 1f, 10000f);
        float[] q = random(8, 4), k = random(8, 5);
        double reference = dot(rotated(rotary, q, 3), rotated(rotary, k, 1));
        assertEquals(reference, dot(rotated(rotary, q, 12), rotated(rotary, k, 10)), 1e-4);
        assertEquals(reference, dot(rotated(rotary, q, 2), rotated(rotary, k, 0)), 1e-4);
    }

    @Test
    void rejectsFractionsThatLeaveAnOddOrEmptyRotation() {
        assertThrows(IllegalArgumentException.class, () -> new Rotary(10, 0.3f, 10000f));
        assertThrows(IllegalArgumentException.class, () -> new Rotary(8, 0.1f, 10000f));
    }

    private static float[] rotated(Rotary rotary, float[] v, int position) {
        float[] out = v.clone();
        rotary.apply(out, 0, position);
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
