package dev.embspace.engine.forward;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;

/**
 * The residual stream at the bottom of the model: the token's row of W_E, plus the learned
 * position (GPT-2, BERT) and token type (BERT) rows where the family has them, then BERT's
 * embedding LayerNorm. Rotary families add no position here; their attention rotates instead.
 */
final class InputEmbedding {

    private final Embeddings embeddings;
    private final LayerNorms norm;
    private final int d;

    InputEmbedding(Embeddings embeddings) {
        this.embeddings = embeddings;
        this.norm = embeddings.norm() == null ? null : LayerNorms.of(embeddings.norm());
        this.d = embeddings.tokens().cols();
    }

    /** Rejects ids, types and lengths the model cannot embed, before any work is done. */
    void validate(int[][] ids, int[][] tokenTypes) {
        int vocab = embeddings.tokens().rows();
        Matrix positions = embeddings.positions();
        Matrix types = embeddings.tokenTypes();
        if (tokenTypes != null && tokenTypes.length != ids.length) {
            throw new BadInputException("token types are given for " + tokenTypes.length + " sequences but there are "
                    + ids.length);
        }
        for (int s = 0; s < ids.length; s++) {
            for (int id : ids[s]) {
                if (id < 0 || id >= vocab) {
                    throw new BadInputException("sequence " + s + ": token id " + id + " is outside the vocabulary (0.."
                            + (vocab - 1) + ")");
                }
            }
            if (positions != null && embeddings.positionOffset() + ids[s].length > positions.rows()) {
                throw new BadInputException("sequence " + s + " has " + ids[s].length + " tokens; the model takes at most "
                        + (positions.rows() - embeddings.positionOffset()));
            }
            if (tokenTypes != null) {
                if (tokenTypes[s].length != ids[s].length) {
                    throw new BadInputException("sequence " + s + " has " + ids[s].length + " tokens but "
                            + tokenTypes[s].length + " token types");
                }
                int typeCount = types == null ? 1 : types.rows();
                for (int t : tokenTypes[s]) {
                    if (t < 0 || t >= typeCount) {
                        throw new BadInputException("sequence " + s + ": token type " + t + " is outside 0.." + (typeCount - 1));
                    }
                }
            }
        }
    }

    /** The embedded batch, packed [T x d]. */
    float[] apply(int[][] ids, int[][] tokenTypes, Batch batch) {
        float[] x = new float[batch.tokens() * d];
        Matrix positions = embeddings.positions();
        Matrix types = embeddings.tokenTypes();
        Parallel.forRange(batch.sequences(), s -> {
            float[] row = new float[d];
            for (int p = 0; p < ids[s].length; p++) {
                int base = (batch.offset(s) + p) * d;
                embeddings.tokens().row(ids[s][p], row);
                System.arraycopy(row, 0, x, base, d);
                if (positions != null) add(positions, embeddings.positionOffset() + p, row, x, base);
                // Hugging Face's default token type is 0 when none is given
                if (types != null) add(types, tokenTypes == null ? 0 : tokenTypes[s][p], row, x, base);
            }
        });
        if (norm != null) norm.apply(x, x, batch.tokens());
        return x;
    }

    private void add(Matrix table, int index, float[] row, float[] x, int base) {
        table.row(index, row);
        for (int c = 0; c < d; c++) x[base + c] += row[c];
    }
}
