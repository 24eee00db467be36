package dev.embspace.engine.project;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Keeps the k highest (score, id) pairs seen so far: higher score first, ties broken by the lower
 * id, so results are exact and deterministic whatever order the candidates arrive in. Ids are
 * longs so that an entry of a V x V matrix can be ranked by its flat index (row-major order makes
 * "lower id" mean lower row, then lower column). A binary
 * min-heap on the same order; {@link #threshold()} is the score a candidate must beat once full,
 * which lets tiled kernels skip whole blocks.
 */
public final class TopK {

    private final int k;
    private final float[] scores;
    private final long[] ids;
    private int size;

    public TopK(int k) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        this.k = k;
        this.scores = new float[k];
        this.ids = new long[k];
    }

    /** Ranking order: a before b. NaN never ranks. */
    public static boolean before(float scoreA, long idA, float scoreB, long idB) {
        return scoreA > scoreB || (scoreA == scoreB && idA < idB);
    }

    public int k() {
        return k;
    }

    public int size() {
        return size;
    }

    public boolean full() {
        return size == k;
    }

    /** The lowest kept score once full; negative infinity before. */
    public float threshold() {
        return full() && k > 0 ? scores[0] : Float.NEGATIVE_INFINITY;
    }

    /** Offers a candidate; returns true if it was kept. */
    public boolean offer(long id, float score) {
        if (k == 0 || Float.isNaN(score)) return false;
        if (size < k) {
            scores[size] = score;
            ids[size] = id;
            siftUp(size++);
            return true;
        }
        // heap root = the worst kept: replace it if the candidate ranks before it
        if (!before(score, id, scores[0], ids[0])) return false;
        scores[0] = score;
        ids[0] = id;
        siftDown(0);
        return true;
    }

    /** Offers everything {@code other} kept. */
    public void addAll(TopK other) {
        for (int i = 0; i < other.size; i++) offer(other.ids[i], other.scores[i]);
    }

    public void clear() {
        size = 0;
    }

    /** The kept pairs, best first (ids must fit an int: token ids). */
    public List<TokenScore> result() {
        List<TokenScore> out = new ArrayList<>(size);
        for (int i : ranking()) out.add(new TokenScore(Math.toIntExact(ids[i]), scores[i]));
        return out;
    }

    /** The kept ids, best first: for ids wider than a token id, such as flat indices of pairs. */
    public long[] rankedIds() {
        int[] order = ranking();
        long[] out = new long[size];
        for (int r = 0; r < size; r++) out[r] = ids[order[r]];
        return out;
    }

    /** The kept scores, best first (the same order as {@link #rankedIds()}). */
    public float[] rankedScores() {
        int[] order = ranking();
        float[] out = new float[size];
        for (int r = 0; r < size; r++) out[r] = scores[order[r]];
        return out;
    }

    /** Heap slots in ranking order. */
    private int[] ranking() {
        return IntStream.range(0, size).boxed()
                .sorted((a, b) -> before(scores[a], ids[a], scores[b], ids[b]) ? -1
                        : before(scores[b], ids[b], scores[a], ids[a]) ? 1 : 0)
                .mapToInt(Integer::intValue).toArray();
    }

    // min-heap on "ranks after": the root is the worst kept. Both sifts move a hole rather than
    // swapping, so each level costs one write instead of four: this heap is the hot path of the
    // reverse index, where a column sees a hundred entries or so per call.
    private void siftUp(int i) {
        float score = scores[i];
        long id = ids[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(scores[parent], ids[parent], score, id)) break; // parent already ranks after
            scores[i] = scores[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        scores[i] = score;
        ids[i] = id;
    }

    private void siftDown(int i) {
        float score = scores[i];
        long id = ids[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int w = (r < size && before(scores[l], ids[l], scores[r], ids[r])) ? r : l; // the child ranking after
            if (!before(score, id, scores[w], ids[w])) break;
            scores[i] = scores[w];
            ids[i] = ids[w];
            i = w;
        }
        scores[i] = score;
        ids[i] = id;
    }
}
