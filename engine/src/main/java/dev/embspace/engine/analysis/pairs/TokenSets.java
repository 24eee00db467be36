package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.project.TopK;
import dev.embspace.engine.tensor.Matrix;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The top-k token sets of vectors read through E, as sorted id arrays ready for set overlap.
 *
 * <p>Absolute ranking (the paper's) keeps the k tokens of largest |E x|. The fused projector gives
 * the k highest and the k lowest scores; the k largest |score| are exactly the best k of those 2k
 * by |score|: a token beaten in |score| by fewer than k others is beaten in signed score (or in
 * negated score, if negative) by no more of them, so it is in one of the two lists. Ties rank the
 * lower id first in both orders, which keeps the merge exact.
 */
public final class TokenSets {

    private TokenSets() {
    }

    /** One sorted id array per row of {@code vectors}. */
    public static int[][] topK(Matrix embedding, Matrix vectors, int k, boolean signed, IntPredicate allowed) {
        List<Projection> projections = Projector.project(embedding, vectors, k, !signed, allowed);
        int[][] sets = new int[projections.size()][];
        for (int i = 0; i < sets.length; i++) {
            Projection p = projections.get(i);
            sets[i] = signed ? ids(p.top()) : largestMagnitude(p, k);
        }
        return sets;
    }

    static int[] largestMagnitude(Projection p, int k) {
        TopK best = new TopK(k);
        for (TokenScore s : p.top()) best.offer(s.id(), Math.abs(s.score()));
        for (TokenScore s : p.bottom()) best.offer(s.id(), Math.abs(s.score()));
        return ids(best.result());
    }

    private static int[] ids(List<TokenScore> scores) {
        int[] ids = new int[scores.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = scores.get(i).id();
        Arrays.sort(ids);
        return ids;
    }

    /** |a ∩ b| / |a ∪ b| for sorted id arrays without duplicates (0 for two empty sets). */
    public static double jaccard(int[] a, int[] b) {
        int i = 0, j = 0, common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - common;
        return union == 0 ? 0 : (double) common / union;
    }
}
