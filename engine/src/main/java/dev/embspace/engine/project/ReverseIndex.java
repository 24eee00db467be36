package dev.embspace.engine.project;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The transposed selection of a projection: for every token, the k units (parameter vectors) that
 * score it highest, E_t . x over every x projected so far. It is filled by
 * {@link Projector#project(dev.embspace.engine.tensor.Matrix, dev.embspace.engine.tensor.Matrix, int, boolean,
 * java.util.function.IntPredicate, ReverseIndex, int)} from the same tiles as the per-vector top-k,
 * so the n x V score matrix is never stored, and it accumulates across calls (layers, kinds,
 * batches): units are numbered by the caller ({@code firstUnit + row}), so one index can rank units
 * of every layer and kind together. Memory is O(V k) whatever the number of units.
 *
 * <p>Exact like {@link TopK}: higher score first, ties to the lower unit. Each projection call
 * selects into per-task partial lists and merges them here under this object's lock, so calls may
 * run concurrently on one index.
 */
public final class ReverseIndex {

    private final int vocabulary;
    private final int k;
    /** Per token, created when the token first receives a unit. */
    private final TopK[] units;
    /**
     * Per token, the score a new unit must reach to enter: the k-th best once k are kept, negative
     * infinity before. It only rises, so a projection call may start its scan from a snapshot.
     */
    private final float[] thresholds;

    public ReverseIndex(int vocabulary, int k) {
        if (vocabulary < 0) throw new IllegalArgumentException("vocabulary must be >= 0, got " + vocabulary);
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        this.vocabulary = vocabulary;
        this.k = k;
        this.units = new TopK[vocabulary];
        this.thresholds = new float[vocabulary];
        Arrays.fill(thresholds, Float.NEGATIVE_INFINITY);
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int k() {
        return k;
    }

    /** The units that score {@code token} highest, best first (ties to the lower unit); at most k. */
    public synchronized List<UnitScore> units(int token) {
        TopK top = units[checkToken(token)];
        if (top == null) return List.of();
        long[] ids = top.rankedIds();
        float[] scores = top.rankedScores();
        List<UnitScore> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) out.add(new UnitScore(Math.toIntExact(ids[i]), scores[i]));
        return out;
    }

    /**
     * The current entry thresholds of the selected tokens ({@code tokens[c]}, or c itself when
     * null), one per column of a projection: the starting thresholds of its per-task selectors.
     */
    synchronized float[] thresholds(int[] tokens, int columns) {
        float[] out = new float[columns];
        for (int c = 0; c < columns; c++) out[c] = thresholds[tokens == null ? c : tokens[c]];
        return out;
    }

    /**
     * Merges one task's selectors of the columns [col0, col0 + cols): {@code byColumn[j]} holds the
     * units it kept for column {@code col0 + j} (token {@code tokens[col0 + j]}, or the column itself).
     */
    synchronized void merge(int[] tokens, int col0, TopK[] byColumn, int cols) {
        for (int j = 0; j < cols; j++) {
            if (byColumn[j].size() == 0) continue;
            int token = tokens == null ? col0 + j : tokens[col0 + j];
            TopK top = units[token];
            if (top == null) top = units[token] = new TopK(k);
            top.addAll(byColumn[j]);
            thresholds[token] = top.threshold();
        }
    }

    private int checkToken(int token) {
        if (token < 0 || token >= vocabulary) {
            throw new IndexOutOfBoundsException("token " + token + " outside the reverse index of " + vocabulary + " tokens");
        }
        return token;
    }
}
