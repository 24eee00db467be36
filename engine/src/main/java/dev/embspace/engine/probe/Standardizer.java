package dev.embspace.engine.probe;

import dev.embspace.engine.tensor.Matrix;

/**
 * Per-feature centring and scaling, fitted on training features: z = (x - mean) / scale.
 * Residual streams have a few dimensions hundreds of times larger than the rest; without this the
 * L2 penalty would mean something different for every dimension and the optimiser would crawl.
 * A constant feature gets scale 1: it carries no information, and dividing by zero would not help.
 */
public record Standardizer(double[] mean, double[] scale) {

    /** The mean and population standard deviation of each column of {@code x}. */
    public static Standardizer fit(Matrix x) {
        int n = x.rows(), d = x.cols();
        if (n == 0) throw new IllegalArgumentException("no examples to standardise");
        double[] mean = new double[d];
        double[] sq = new double[d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            x.row(i, row);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        // two passes: the one-pass E[x^2] - E[x]^2 cancels badly for large-offset features
        for (int i = 0; i < n; i++) {
            x.row(i, row);
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                sq[j] += c * c;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(sq[j] / n);
            scale[j] = sd > 0 ? sd : 1;
        }
        return new Standardizer(mean, scale);
    }

    public int dim() {
        return mean.length;
    }

    /** The standardised features as a row-major n x d double array. */
    public double[] apply(Matrix x) {
        if (x.cols() != dim()) throw new IllegalArgumentException("features have " + x.cols() + " dimensions, expected " + dim());
        int n = x.rows(), d = x.cols();
        double[] out = new double[n * d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            x.row(i, row);
            for (int j = 0; j < d; j++) out[i * d + j] = (row[j] - mean[j]) / scale[j];
        }
        return out;
    }
}
