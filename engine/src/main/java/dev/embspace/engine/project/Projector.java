package dev.embspace.engine.project;

import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reads d-vectors in embedding space: the scores E x over the vocabulary, of which the top-k (and
 * bottom-k) tokens are kept. E is streamed once per request, one block of tokens per task, every
 * vector scored against each token row while it is in cache; the V-sized score vector never exists.
 */
public final class Projector {

    private static final int TOKENS_PER_TASK = 2048;

    private Projector() {
    }

    /**
     * Projects each row of {@code vectors} (n x d) through {@code embedding} (V x d).
     *
     * @param allowed which token ids may be returned (filtered tokens never take a place)
     */
    public static List<Projection> project(Matrix embedding, Matrix vectors, int k, boolean bottom, IntPredicate allowed) {
        if (embedding.cols() != vectors.cols()) {
            throw new IllegalArgumentException("vectors have " + vectors.cols() + " dimensions but E has " + embedding.cols());
        }
        int n = vectors.rows();
        int d = embedding.cols();
        float[][] xs = new float[n][];
        for (int i = 0; i < n; i++) xs[i] = vectors.row(i);

        int tasks = (embedding.rows() + TOKENS_PER_TASK - 1) / TOKENS_PER_TASK;
        TopK[][] tops = new TopK[tasks][];
        TopK[][] bottoms = new TopK[tasks][];
        Parallel.forRange(tasks, t -> {
            TopK[] top = new TopK[n];
            TopK[] low = new TopK[n];
            for (int i = 0; i < n; i++) {
                top[i] = new TopK(k);
                low[i] = new TopK(bottom ? k : 0);
            }
            float[] row = new float[d];
            int from = t * TOKENS_PER_TASK;
            int to = Math.min(embedding.rows(), from + TOKENS_PER_TASK);
            for (int token = from; token < to; token++) {
                if (!allowed.test(token)) continue;
                embedding.row(token, row);
                for (int i = 0; i < n; i++) {
                    float s = dot(row, xs[i]);
                    top[i].offer(token, s);
                    low[i].offer(token, -s);
                }
            }
            tops[t] = top;
            bottoms[t] = low;
        });

        List<Projection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TopK top = new TopK(k);
            TopK low = new TopK(bottom ? k : 0);
            for (int t = 0; t < tasks; t++) {
                top.addAll(tops[t][i]);
                low.addAll(bottoms[t][i]);
            }
            out.add(new Projection(top.result(), negate(low.result())));
        }
        return out;
    }

    private static List<TokenScore> negate(List<TokenScore> scores) {
        return scores.stream().map(s -> new TokenScore(s.id(), -s.score())).toList();
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
