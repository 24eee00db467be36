package dev.embspace.engine.probe;

import dev.embspace.engine.tensor.Matrix;

import java.util.Locale;

/**
 * How a sequence's per-token states become one feature vector: the mean over all its tokens
 * (special tokens included, as sentence-transformers pools), the first token (BERT's [CLS]), or the
 * last (what a causal decoder has read everything by).
 */
public enum Pooling {
    MEAN, CLS, LAST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pooling parse(String s) {
        for (Pooling p : values()) if (p.label().equals(s.toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("'" + s + "' is not a pooling (expected mean, cls or last)");
    }

    /** The pooled d-vector of {@code states}, one row per token. */
    public float[] pool(Matrix states) {
        if (states.rows() == 0) throw new IllegalArgumentException("cannot pool an empty sequence");
        return switch (this) {
            case CLS -> states.row(0);
            case LAST -> states.row(states.rows() - 1);
            case MEAN -> {
                int d = states.cols();
                double[] sum = new double[d];
                float[] row = new float[d];
                for (int t = 0; t < states.rows(); t++) {
                    states.row(t, row);
                    for (int j = 0; j < d; j++) sum[j] += row[j];
                }
                float[] out = new float[d];
                for (int j = 0; j < d; j++) out[j] = (float) (sum[j] / states.rows());
                yield out;
            }
        };
    }
}
