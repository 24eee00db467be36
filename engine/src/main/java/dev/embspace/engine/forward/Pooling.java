package dev.embspace.engine.forward;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.tensor.Matrix;

import java.util.Locale;

/**
 * One vector per text from its last hidden states, as sentence-embedding models pool them: the
 * mean over the sequence's tokens (padding never counts: a packed sequence has none), the first
 * token's state ([CLS] for BERT-family models), or the last token's (the one a causal decoder has
 * read the whole text by).
 */
public enum Pooling {
    MEAN,
    CLS,
    LAST;

    public static Pooling parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown pooling '" + name + "' (expected mean, cls or last)");
        }
    }

    /** The name as options and files spell it: mean, cls, last. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Pools the [length x d] hidden states of one sequence. */
    public float[] pool(Matrix hidden) {
        if (hidden.rows() == 0) throw new IllegalArgumentException("cannot pool an empty sequence");
        if (this == CLS) return hidden.row(0);
        if (this == LAST) return hidden.row(hidden.rows() - 1);
        double[] sum = new double[hidden.cols()];
        float[] row = new float[hidden.cols()];
        for (int r = 0; r < hidden.rows(); r++) {
            hidden.row(r, row);
            for (int c = 0; c < row.length; c++) sum[c] += row[c];
        }
        float[] mean = new float[sum.length];
        for (int c = 0; c < sum.length; c++) mean[c] = (float) (sum[c] / hidden.rows());
        return mean;
    }
}
