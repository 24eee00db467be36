package dev.embspace.engine.probe;

import dev.embspace.engine.tensor.Matrix;

import java.util.Arrays;

/**
 * Per-feature centring and scaling, fitted on training features: z = (x - mean) / scale.
 * Residual streams have a few dimensions hundreds of times larger than the rest; without this the
 * L2 penalty would mean something different for every dimension and the optimiser would crawl.
 *
 * <p>Scales are floored at {@link #RELATIVE_FLOOR} times the median feature's spread. Pooled
 * residual streams have dimensions that barely move across texts (MiniLM's last layer has some
 * whose spread is 1e-30 of the others): dividing by that spread would blow float noise up to unit
 * size and give the head weights of 1e30 on them, which then swamp its reading in embedding space.
 */
public record Standardizer(double[] mean, double[] scale) {

    /** Spreads below this share of the median spread count as noise, not signal. */
    static final double RELATIVE_FLOOR = 1e-4;

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
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sq[j] / n);
        double[] sorted = sd.clone();
        Arrays.sort(sorted);
        double floor = RELATIVE_FLOOR * sorted[d / 2];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.max(sd[j], floor);
            scale[j] = s > 0 ? s : 1; // every feature constant: nothing to scale
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
