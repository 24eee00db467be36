package dev.embspace.engine.project;

import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The brute-force projection the fused kernel is checked against: every score of the vector over
 * the vocabulary (the same FMA chain as the kernels, so scores match bit for bit), fully sorted.
 */
public final class ReferenceProjection {

    private ReferenceProjection() {
    }

    public static Projection project(Matrix embedding, float[] vector, int k, boolean bottom, IntPredicate allowed) {
        List<TokenScore> all = new ArrayList<>();
        for (int id = 0; id < embedding.rows(); id++) {
            if (allowed != null && !allowed.test(id)) continue;
            all.add(new TokenScore(id, MicroKernel.dot(vector, 0, embedding.row(id), 0, vector.length)));
        }
        List<TokenScore> top = all.stream()
                .sorted(Comparator.comparingDouble((TokenScore s) -> -s.score()).thenComparingInt(TokenScore::id))
                .limit(k).toList();
        List<TokenScore> low = bottom ? all.stream()
                .sorted(Comparator.comparingDouble(TokenScore::score).thenComparingInt(TokenScore::id))
                .limit(k).toList() : List.of();
        return new Projection(top, low);
    }
}
