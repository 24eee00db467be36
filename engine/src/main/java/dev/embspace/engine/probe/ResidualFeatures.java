package dev.embspace.engine.probe;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Batch;
import dev.embspace.engine.forward.Batches;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.tensor.Matrix;

import java.util.List;

/**
 * A probe's features: each text's residual stream after block {@code layer}, pooled to one
 * d-vector. Only the blocks up to {@code layer} run. Texts go through the forward pass in batches
 * of a bounded number of tokens, so memory stays bounded whatever the data set's size.
 */
public final class ResidualFeatures {

    private ResidualFeatures() {
    }

    /**
     * n x d features of {@code sequences} (token ids, none empty), in order.
     *
     * @param batchTokens tokens per forward batch at most (a longer text gets a batch of its own)
     */
    public static Matrix pooled(ForwardPass pass, List<int[]> sequences, int layer, Pooling pooling, int batchTokens, Progress progress) {
        int layers = pass.model().layers();
        if (layer < 0 || layer >= layers) {
            throw new UsageException("--layer " + layer + " is out of range (the model has " + layers + " layers: 0.." + (layers - 1) + ")");
        }
        requireNonEmpty(sequences);
        int d = pass.model().embeddings().tokens().cols();
        float[] out = new float[Math.multiplyExact(sequences.size(), d)];
        progress.start("features of " + pass.model().name() + " at layer " + layer, sequences.size());
        int row = 0;
        for (int[][] batch : Batches.of(sequences, Long.MAX_VALUE, batchTokens)) {
            Matrix residual = pass.residualAfter(batch, layer + 1);
            Batch layout = Batch.of(batch);
            for (int s = 0; s < batch.length; s++, row++) {
                System.arraycopy(pooling.pool(layout.rows(residual, s)), 0, out, row * d, d);
            }
            progress.advance(batch.length);
        }
        progress.finish();
        return Matrix.wrap(out, sequences.size(), d);
    }

    /** Batching skips empty sequences, which would shift every later row: none may be empty. */
    static void requireNonEmpty(List<int[]> sequences) {
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 0) throw new IllegalArgumentException("text " + i + " has no tokens");
        }
    }
}
