package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The brute-force top-k of A B^T the tiled kernel is checked against: every allowed entry (the
 * same FMA chain as the kernels, so equal bit for bit), fully sorted; ties to the lower row, then
 * the lower column. To stay quick on millions of entries it first finds the k-th largest score
 * with a primitive sort, then sorts only the entries at or above it.
 */
public final class ReferenceProductTopK {

    private ReferenceProductTopK() {
    }

    public static List<ScoredPair> top(Matrix a, Matrix b, int k, IntPredicate rowAllowed, IntPredicate colAllowed,
                                       boolean excludeSame) {
        int r = a.cols();
        List<float[]> bRows = new ArrayList<>();
        for (int j = 0; j < b.rows(); j++) bRows.add(b.row(j));
        float[] scores = new float[a.rows() * b.rows()];
        boolean[] counts = new boolean[scores.length];
        int entries = 0;
        for (int i = 0; i < a.rows(); i++) {
            if (rowAllowed != null && !rowAllowed.test(i)) continue;
            float[] ai = a.row(i);
            for (int j = 0; j < b.rows(); j++) {
                if (colAllowed != null && !colAllowed.test(j)) continue;
                if (excludeSame && i == j) continue;
                scores[i * b.rows() + j] = MicroKernel.dot(ai, 0, bRows.get(j), 0, r);
                counts[i * b.rows() + j] = true;
                entries++;
            }
        }
        if (entries == 0 || k == 0) return List.of();
        float[] sorted = new float[entries];
        for (int e = 0, s = 0; e < scores.length; e++) if (counts[e]) sorted[s++] = scores[e];
        Arrays.sort(sorted);
        float kth = sorted[Math.max(0, entries - k)];
        List<ScoredPair> candidates = new ArrayList<>();
        for (int e = 0; e < scores.length; e++) {
            if (counts[e] && scores[e] >= kth) candidates.add(new ScoredPair(e / b.rows(), e % b.rows(), scores[e]));
        }
        return candidates.stream()
                .sorted(Comparator.comparingDouble((ScoredPair p) -> -p.score())
                        .thenComparingInt(ScoredPair::row).thenComparingInt(ScoredPair::col))
                .limit(k).toList();
    }
}
