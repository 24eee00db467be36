package dev.embspace.engine.translate;

import dev.embspace.engine.tensor.Matrix;

/**
 * Moves a set of features so their mean is a target mean: x - mean(X) + mu. Stitching uses it as
 * an optional, label-free correction: the translation carries directions from one model's space to
 * another's, but a residual stream's large common offset need not land on the donor's, and a head's
 * bias was fit to the donor's offset. Only the host's unlabelled texts are used, never their labels.
 */
public final class Recentering {

    private Recentering() {
    }

    /** A copy of {@code features} (n x d) shifted so their column means are {@code targetMean}. */
    public static Matrix toMean(Matrix features, float[] targetMean) {
        int n = features.rows(), d = features.cols();
        if (targetMean.length != d) throw new IllegalArgumentException("a mean of " + targetMean.length + " for " + d + " features");
        if (n == 0) throw new IllegalArgumentException("no features to re-centre");
        double[] mean = new double[d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            features.row(i, row);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        float[] shift = new float[d];
        for (int j = 0; j < d; j++) shift[j] = (float) (targetMean[j] - mean[j] / n);
        float[] out = features.toArray();
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[i * d + j] += shift[j];
        return Matrix.wrap(out, n, d);
    }
}
