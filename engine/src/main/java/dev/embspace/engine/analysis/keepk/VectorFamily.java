package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/** The kinds of vectors the keep-k experiment samples, each drawn reproducibly from a seed. */
public enum VectorFamily {
    /** Standard normal d-vectors: no structure tied to the vocabulary. */
    RANDOM_NORMAL("random"),
    /** FF values (what FF units write), uniform over all layers and units. */
    FF_VALUES("ff.value"),
    /** Rows of E itself, uniform over the vocabulary. */
    EMBEDDINGS("emb"),
    /** Hidden states (the residual stream after any block, at any token) of a corpus run through the model. */
    HIDDEN_STATES("hidden");

    private final String label;

    VectorFamily(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<VectorFamily> fromLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(VectorFamily::label).collect(Collectors.joining(", "));
    }

    /** n sampled vectors as an n x d row-major array; {@code hidden} is the pool of hidden states (or null). */
    float[] sample(Transformer model, Matrix embedding, Matrix hidden, int n, Random rng) {
        int d = embedding.cols();
        float[] out = new float[n * d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            switch (this) {
                case RANDOM_NORMAL -> {
                    for (int c = 0; c < d; c++) row[c] = (float) rng.nextGaussian();
                }
                case FF_VALUES -> {
                    Matrix values = model.block(rng.nextInt(model.layers())).mlp().value();
                    values.row(rng.nextInt(values.rows()), row);
                }
                case EMBEDDINGS -> embedding.row(rng.nextInt(embedding.rows()), row);
                case HIDDEN_STATES -> hidden.row(rng.nextInt(hidden.rows()), row);
            }
            System.arraycopy(row, 0, out, i * d, d);
        }
        return out;
    }
}
