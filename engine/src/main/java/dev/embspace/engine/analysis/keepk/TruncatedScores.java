package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.parallel.Parallel;

import java.util.Arrays;

/**
 * Rows of V-sized scores with, for each entry, the first point of the k grid at which keep_k
 * still holds it: entry t of row i survives keep_k exactly when its rank by |score| in the row is
 * below k. That turns the truncated Gram matrices at every k into one pass over the vocabulary
 * per pair of rows, instead of one dense product per k.
 */
final class TruncatedScores {

    final float[] scores;
    /** bin[i * v + t]: the index of the first grid k at which entry t of row i is kept. */
    final byte[] bin;
    final int n;
    final int v;

    private TruncatedScores(float[] scores, byte[] bin, int n, int v) {
        this.scores = scores;
        this.bin = bin;
        this.n = n;
        this.v = v;
    }

    static TruncatedScores of(float[] scores, int n, int v, int[] grid) {
        if (grid.length > Byte.MAX_VALUE) throw new IllegalArgumentException("at most 127 grid points, got " + grid.length);
        byte[] bin = new byte[n * v];
        Parallel.forRange(n, i -> {
            long[] order = new long[v];
            for (int t = 0; t < v; t++) {
                int magnitude = Float.floatToIntBits(Math.abs(scores[i * v + t]));
                // ascending key = descending |score|, then ascending id (non-negative float bits sort as the floats)
                order[t] = ((long) (Integer.MAX_VALUE - magnitude) << 32) | t;
            }
            Arrays.sort(order);
            int g = 0;
            for (int rank = 0; rank < v; rank++) {
                while (grid[g] <= rank) g++;     // the first k with rank < k
                bin[i * v + (int) order[rank]] = (byte) g;
            }
        });
        return new TruncatedScores(scores, bin, n, v);
    }

    /**
     * For every grid point g, the n x n matrix keep_k(A) keep_k(B)^T with k = grid[g]: term t of
     * (i, j) counts from the first grid point at which both A[i][t] and B[j][t] are kept.
     */
    static double[][][] grams(TruncatedScores a, TruncatedScores b, int points) {
        int n = a.n, v = a.v;
        double[][][] out = new double[points][n][n];
        Parallel.forRange(n, i -> {
            double[] byBin = new double[points];
            for (int j = 0; j < n; j++) {
                Arrays.fill(byBin, 0);
                int ai = i * v, bj = j * v;
                for (int t = 0; t < v; t++) {
                    int g = Math.max(a.bin[ai + t], b.bin[bj + t]);
                    byBin[g] += (double) a.scores[ai + t] * b.scores[bj + t];
                }
                double running = 0;
                for (int g = 0; g < points; g++) {
                    running += byBin[g];
                    out[g][i][j] = running;
                }
            }
        });
        return out;
    }
}
