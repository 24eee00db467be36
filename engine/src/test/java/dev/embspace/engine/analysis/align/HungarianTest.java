package dev.embspace.engine.analysis.align;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HungarianTest {

    @Test
    void matchesBruteForceOnRandomSquareAndRectangularMatrices() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(6);
            int m = 1 + rng.nextInt(6);
            double[][] w = new double[n][m];
            for (double[] row : w) {
                for (int j = 0; j < m; j++) row[j] = trial % 3 == 0 ? rng.nextInt(4) : rng.nextGaussian();
            }
            int[] got = Hungarian.maximize(w);
            assertValidAssignment(got, n, m);
            assertEquals(bestByBruteForce(w), total(w, got), 1e-9, "trial " + trial);
        }
    }

    @Test
    void diagonalDominantMatrixGivesIdentity() {
        double[][] w = {{0.9, 0.1, 0.2}, {0.3, 0.8, 0.1}, {0.2, 0.4, 0.7}};
        assertArrayEquals(new int[]{0, 1, 2}, Hungarian.maximize(w));
    }

    @Test
    void moreRowsThanColumnsLeavesTheWeakestRowsUnassigned() {
        double[][] w = {{0.1, 0.2}, {0.9, 0.1}, {0.2, 0.3}, {0.1, 0.8}};
        assertArrayEquals(new int[]{Hungarian.UNASSIGNED, 0, Hungarian.UNASSIGNED, 1}, Hungarian.maximize(w));
    }

    @Test
    void rejectsNonFiniteWeights() {
        assertThrows(IllegalArgumentException.class, () -> Hungarian.maximize(new double[][]{{Double.NaN}}));
    }

    private static void assertValidAssignment(int[] got, int n, int m) {
        assertEquals(n, got.length);
        Set<Integer> used = new HashSet<>();
        int assigned = 0;
        for (int c : got) {
            if (c == Hungarian.UNASSIGNED) continue;
            assertTrue(c >= 0 && c < m);
            assertTrue(used.add(c), "column used twice");
            assigned++;
        }
        assertEquals(Math.min(n, m), assigned);
    }

    private static double total(double[][] w, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) if (assignment[i] >= 0) s += w[i][assignment[i]];
        return s;
    }

    /** Tries every injective map of the smaller side into the larger. */
    private static double bestByBruteForce(double[][] w) {
        int n = w.length, m = w[0].length;
        if (n <= m) return search(w, 0, new boolean[m]);
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[j][i] = w[i][j];
        return search(t, 0, new boolean[n]);
    }

    private static double search(double[][] w, int row, boolean[] used) {
        if (row == w.length) return 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            best = Math.max(best, w[row][j] + search(w, row + 1, used));
            used[j] = false;
        }
        return best;
    }
}
