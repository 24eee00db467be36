package dev.embspace.engine.project;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the k highest (score, id) pairs seen so far: higher score first, ties broken by the lower
 * id, so results are exact and deterministic whatever order the candidates arrive in. A binary
 * min-heap on the same order; {@link #threshold()} is the score a candidate must beat once full,
 * which lets tiled kernels skip whole blocks.
 */
public final class TopK {

    private final int k;
    private final float[] scores;
    private final int[] ids;
    private int size;

    public TopK(int k) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        this.k = k;
        this.scores = new float[k];
        this.ids = new int[k];
    }

    /** Ranking order: a before b. NaN never ranks. */
    public static boolean before(float scoreA, int idA, float scoreB, int idB) {
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
    public boolean offer(int id, float score) {
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

    /** The kept pairs, best first. */
    public List<TokenScore> result() {
        List<TokenScore> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(new TokenScore(ids[i], scores[i]));
        out.sort((a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0);
        return out;
    }

    // min-heap on "ranks after": parent is worse than (ranks after) its children
    private boolean worse(int a, int b) {
        return before(scores[b], ids[b], scores[a], ids[a]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(i, parent)) break;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int w = (r < size && worse(r, l)) ? r : l;
            if (!worse(w, i)) break;
            swap(i, w);
            i = w;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int t = ids[a];
        ids[a] = ids[b];
        ids[b] = t;
    }
}
