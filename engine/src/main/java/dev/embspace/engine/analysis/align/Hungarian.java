package dev.embspace.engine.analysis.align;

import java.util.Arrays;

/**
 * Maximum-weight assignment (the Hungarian method with row and column potentials, O(n^2 m)) for a
 * rectangular n x m weight matrix: every row gets a distinct column when n <= m; when n > m every
 * column gets a distinct row and the remaining rows get none.
 */
public final class Hungarian {

    /** Marks a row left without a column. */
    public static final int UNASSIGNED = -1;

    private Hungarian() {
    }

    /** For each row, its column in a maximum-weight assignment, or {@link #UNASSIGNED}. */
    public static int[] maximize(double[][] weights) {
        int n = weights.length;
        if (n == 0) return new int[0];
        int m = weights[0].length;
        for (double[] row : weights) {
            if (row.length != m) throw new IllegalArgumentException("weight matrix rows differ in length");
            for (double w : row) {
                if (!Double.isFinite(w)) throw new IllegalArgumentException("weight " + w + " is not finite");
            }
        }
        if (m == 0) {
            int[] none = new int[n];
            Arrays.fill(none, UNASSIGNED);
            return none;
        }
        if (n <= m) return minimizeWide(negate(weights, false));
        // more rows than columns: assign each column a row, then invert
        int[] rowOfColumn = minimizeWide(negate(weights, true));
        int[] columnOfRow = new int[n];
        Arrays.fill(columnOfRow, UNASSIGNED);
        for (int c = 0; c < m; c++) columnOfRow[rowOfColumn[c]] = c;
        return columnOfRow;
    }

    /** -w, or -w^T: the minimisation below wants costs with no more rows than columns. */
    private static double[][] negate(double[][] w, boolean transpose) {
        int n = w.length, m = w[0].length;
        double[][] c = transpose ? new double[m][n] : new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                if (transpose) c[j][i] = -w[i][j];
                else c[i][j] = -w[i][j];
            }
        }
        return c;
    }

    /**
     * Minimum-cost assignment of n rows into m >= n columns. Rows are added one at a time; each
     * addition grows a shortest augmenting path (Dijkstra on reduced costs, which the potentials
     * u, v keep non-negative), then flips it. Arrays are 1-based with column 0 as the virtual source.
     */
    private static int[] minimizeWide(double[][] cost) {
        int n = cost.length, m = cost[0].length;
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOf = new int[m + 1];      // rowOf[j]: the row assigned to column j (0: none)
        int[] way = new int[m + 1];        // the previous column on the augmenting path
        for (int i = 1; i <= n; i++) {
            rowOf[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = rowOf[j0];
                int j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if (reduced < minv[j]) {
                        minv[j] = reduced;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOf[j0] != 0);
            do {
                int j1 = way[j0];
                rowOf[j0] = rowOf[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] columnOf = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOf[j] != 0) columnOf[rowOf[j] - 1] = j - 1;
        }
        return columnOf;
    }
}
