package dev.embspace.bench;

import dev.embspace.engine.tensor.Matrix;

import java.util.SplittableRandom;

/**
 * Synthetic inputs of the benchmark shapes. Gaussian entries, as the peer script draws them; the
 * numbers differ between the two sides but the distribution, and so the work, is the same.
 */
final class BenchData {

    private BenchData() {
    }

    /** A rows x cols F32 matrix of standard normal entries. */
    static Matrix gaussian(long seed, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] values = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < values.length; i++) values[i] = (float) gaussian(rnd);
        return Matrix.wrap(values, rows, cols);
    }

    /** Marsaglia's polar method (SplittableRandom has no nextGaussian). */
    private static double gaussian(SplittableRandom rnd) {
        double u, v, s;
        do {
            u = 2 * rnd.nextDouble() - 1;
            v = 2 * rnd.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
