package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.model.Attention;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which row of one matrix goes with which row of another: pair i is (left[i], right[i]).
 */
record Pairing(int[] left, int[] right) {

    /** FF unit i's key with its value. */
    static Pairing identity(int n) {
        int[] ids = IntStream.range(0, n).toArray();
        return new Pairing(ids, ids.clone());
    }

    /**
     * Head dimension (h, j) of the query-side matrix with the same dimension of the kv-side one:
     * W_Q row with W_K row (kvSideLeft false) or W_V row with W_O row (kvSideLeft true). Under
     * grouped-query attention several query heads share one kv row.
     */
    static Pairing perHeadDimension(Attention a, boolean kvSideLeft) {
        int n = a.heads() * a.headDim();
        int[] query = new int[n];
        int[] kv = new int[n];
        for (int h = 0; h < a.heads(); h++) {
            for (int j = 0; j < a.headDim(); j++) {
                int i = h * a.headDim() + j;
                query[i] = i;
                kv[i] = a.kvHeadOf(h) * a.headDim() + j;
            }
        }
        return kvSideLeft ? new Pairing(kv, query) : new Pairing(query, kv);
    }

    /** The same left rows with the right rows permuted uniformly at random (Fisher-Yates). */
    Pairing shuffled(Random rng) {
        int[] r = right.clone();
        for (int i = r.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = r[i];
            r[i] = r[j];
            r[j] = t;
        }
        return new Pairing(left, r);
    }

    /** Mean Jaccard overlap of the paired top-k sets. */
    double meanOverlap(int[][] leftSets, int[][] rightSets) {
        double sum = 0;
        for (int i = 0; i < left.length; i++) sum += TokenSets.jaccard(leftSets[left[i]], rightSets[right[i]]);
        return left.length == 0 ? 0 : sum / left.length;
    }
}
