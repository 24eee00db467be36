package dev.embspace.atlas.figure;

/** Small helpers over the score matrices figures draw. */
final class Matrices {

    private Matrices() {
    }

    static double maxFinite(double[][]... matrices) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[][] m : matrices) {
            if (m == null) continue;
            for (double[] row : m) for (double v : row) if (Double.isFinite(v)) max = Math.max(max, v);
        }
        return max == Double.NEGATIVE_INFINITY ? 0 : max;
    }

    static double minFinite(double[][] m) {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : m) for (double v : row) if (Double.isFinite(v)) min = Math.min(min, v);
        return min == Double.POSITIVE_INFINITY ? 0 : min;
    }

    /** The q-quantile (nearest rank) of the finite values; 0 when there are none. */
    static double percentileFinite(double q, double[][]... matrices) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (double[][] m : matrices) for (double[] row : m) for (double v : row) if (Double.isFinite(v)) values.add(v);
        if (values.isEmpty()) return 0;
        values.sort(null);
        return values.get(Math.min(values.size() - 1, (int) Math.ceil(q * values.size()) - 1));
    }

    /** Rows [r0, r1) and columns [c0, c1) of m, copied. */
    static double[][] block(double[][] m, int r0, int r1, int c0, int c1) {
        double[][] out = new double[Math.max(0, r1 - r0)][];
        for (int r = r0; r < r1; r++) out[r - r0] = java.util.Arrays.copyOfRange(m[r], c0, c1);
        return out;
    }
}
