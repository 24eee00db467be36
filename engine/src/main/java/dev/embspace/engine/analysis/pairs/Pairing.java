package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.model.Attention;

import java.util.Arrays;
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

    int size() {
        return left.length;
    }

    /** {@code m} of the pairs chosen uniformly without replacement (all of them when m >= size). */
    Pairing sample(Random rng, int m) {
        if (m >= size()) return this;
        int[] chosen = firstOfPermutation(IntStream.range(0, size()).toArray(), m, rng);
        int[] l = new int[m], r = new int[m];
        for (int i = 0; i < m; i++) {
            l[i] = left[chosen[i]];
            r[i] = right[chosen[i]];
        }
        return new Pairing(l, r);
    }

    /**
     * The same left rows, each paired with a right row drawn without replacement from {@code pool}
     * (the right rows of the full relation). With the whole pool this is a uniform random
     * permutation of the pairing.
     */
    Pairing shuffled(Random rng, int[] pool) {
        return new Pairing(left, firstOfPermutation(pool, size(), rng));
    }

    /** The first m entries of a uniformly random permutation of {@code values} (partial Fisher-Yates). */
    private static int[] firstOfPermutation(int[] values, int m, Random rng) {
        int[] a = values.clone();
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, m);
    }

    /** Mean Jaccard overlap of the paired top-k sets ({@code sets[row]}, null for rows not needed). */
    double meanOverlap(int[][] leftSets, int[][] rightSets) {
        double sum = 0;
        for (int i = 0; i < left.length; i++) sum += TokenSets.jaccard(leftSets[left[i]], rightSets[right[i]]);
        return left.length == 0 ? 0 : sum / left.length;
    }
}
