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

    static double maxAbsFinite(double[][] m) {
        double max = 0;
        for (double[] row : m) for (double v : row) if (Double.isFinite(v)) max = Math.max(max, Math.abs(v));
        return max;
    }

    static int countFinite(double[][] m) {
        int n = 0;
        for (double[] row : m) for (double v : row) if (Double.isFinite(v)) n++;
        return n;
    }
}
