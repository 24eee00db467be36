package dev.embspace.engine.analysis.keepk;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Batches;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LayerActivations;
import dev.embspace.engine.tensor.Matrix;

import java.util.List;

/**
 * The pool the keep-k experiment's hidden family samples from: the residual stream after every
 * block at every token of a corpus, as the paper's third family of vectors.
 */
public final class HiddenStates {

    private HiddenStates() {
    }

    /** Every layer's residual stream at each of the first {@code maxTokens} tokens of {@code sequences}, [rows x d]. */
    public static Matrix of(ForwardPass pass, List<int[]> sequences, long maxTokens, int batchTokens, Progress progress) {
        List<int[][]> batches = Batches.of(sequences, maxTokens, batchTokens);
        int d = pass.model().spec().dModel();
        int layers = pass.model().layers();
        long tokens = batches.stream().flatMap(b -> java.util.Arrays.stream(b)).mapToLong(s -> s.length).sum();
        float[] pool = new float[Math.toIntExact(tokens * layers * d)];
        int offset = 0;
        progress.start("hidden states", batches.size());
        for (int[][] batch : batches) {
            ForwardResult result = pass.run(batch, null, Capture.residualStream());
            for (LayerActivations layer : result.layers()) {
                float[] rows = layer.residual().toArray();
                System.arraycopy(rows, 0, pool, offset, rows.length);
                offset += rows.length;
            }
            progress.advance(1);
        }
        progress.finish();
        return Matrix.wrap(pool, offset / d, d);
    }
}
