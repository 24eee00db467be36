package dev.embspace.engine.probe;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.tensor.Matrix;

import java.util.Objects;

/**
 * A linear classifier on d-dimensional features: class scores W x + b, the prediction their
 * argmax. Row k of W is class k's direction in the feature space (for residual-stream features,
 * a vector of the model's own space, which is what lets it be read in embedding space and
 * translated to another model).
 *
 * @param weights K x d, one row per class
 * @param bias    K
 */
public record LinearHead(Matrix weights, float[] bias) {

    public LinearHead {
        Objects.requireNonNull(weights, "weights");
        if (bias.length != weights.rows()) {
            throw new IllegalArgumentException(weights.rows() + " class rows but " + bias.length + " biases");
        }
        if (weights.rows() < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + weights.rows());
    }

    public int classes() {
        return weights.rows();
    }

    public int dim() {
        return weights.cols();
    }

    /** n x K class scores of the rows of {@code x}, row-major. */
    public float[] scores(Matrix x) {
        if (x.cols() != dim()) {
            throw new IllegalArgumentException("features have " + x.cols() + " dimensions but the head expects " + dim());
        }
        int n = x.rows(), k = classes();
        float[] out = new float[n * k];
        Gemm.get().multiplyTransposed(x, weights, out);
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) out[i * k + c] += bias[c];
        return out;
    }

    /** The predicted class of each row of {@code x}; ties go to the lower class index. */
    public int[] predict(Matrix x) {
        float[] s = scores(x);
        int k = classes();
        int[] out = new int[x.rows()];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (s[i * k + c] > s[i * k + best]) best = c;
            out[i] = best;
        }
        return out;
    }

    /** The fraction of rows of {@code x} predicted as {@code truth}. */
    public double accuracy(Matrix x, int[] truth) {
        int[] predicted = predict(x);
        if (predicted.length != truth.length) throw new IllegalArgumentException(predicted.length + " rows but " + truth.length + " labels");
        if (truth.length == 0) throw new IllegalArgumentException("no examples to score");
        int right = 0;
        for (int i = 0; i < truth.length; i++) if (predicted[i] == truth[i]) right++;
        return (double) right / truth.length;
    }

    /**
     * The head that reads features of another space through {@code map}: if x = T z with T
     * d x d' (this head's features from the other space's z), then W x = (W T) z, so the new
     * weights are W T (K x d') and the biases are unchanged. Translating the head once is cheaper
     * than translating every hidden state.
     */
    public LinearHead composedWith(Matrix map) {
        if (map.rows() != dim()) {
            throw new IllegalArgumentException("a map to " + map.rows() + " dimensions cannot feed a head on " + dim());
        }
        int k = classes(), dOther = map.cols();
        float[] w = new float[k * dOther];
        // (W T)[c][j] = row c of W . column j of T, i.e. W (T^T)^T in Gemm's A B^T form
        Gemm.get().multiplyTransposed(weights, map.transpose(), w);
        return new LinearHead(Matrix.wrap(w, k, dOther), bias.clone());
    }
}
