package dev.embspace.engine.forward.examples;

import java.util.Arrays;

/**
 * A histogram built in one pass over a stream of unknown range, with exact counts and equal-width
 * bins. Bins sit on a fixed grid: bin key j covers [j * w, (j + 1) * w), where the width w is a
 * power of two. The histogram keeps the keys from the smallest value's to at most {@code maxBins}
 * above it; a value outside that window either slides the window down (a new minimum that still
 * fits) or doubles w, merging bins pairwise (keys 2j and 2j + 1 become j, exactly, because the grid
 * of 2w is a subgrid of the grid of w).
 * <p>
 * Why this and not fixed edges from a warm-up sample or a log scale: the outcome depends only on the
 * values, not on their order (w is the smallest power of two from {@link #INITIAL_WIDTH} up at which
 * the keys of the minimum and the maximum are fewer than {@code maxBins} apart), so every count is
 * exact, no value falls into an overflow bin that a warm-up failed to foresee, and the bins are
 * linear, as an activation histogram is usually read. The price is that a unit's range is covered by
 * between maxBins / 2 and maxBins bins, not exactly maxBins.
 */
final class StreamingHistogram {

    /** The finest width: activations closer than this (about 1e-6) share a bin. */
    static final double INITIAL_WIDTH = 0x1p-20;

    private final int maxBins;
    private final long[] counts;
    private double width = INITIAL_WIDTH;
    private double invWidth = 1 / INITIAL_WIDTH;
    /**
     * The grid key of counts[0], meaningful once total > 0. Keys are whole numbers held as doubles,
     * so that an absurdly large activation cannot overflow them.
     */
    private double low;
    /** counts[0 .. used) may be non-zero. */
    private int used;
    private long total;
    private float min = Float.NaN;
    private float max = Float.NaN;

    StreamingHistogram(int maxBins) {
        if (maxBins < 2) throw new IllegalArgumentException("a histogram needs at least 2 bins, got " + maxBins);
        this.maxBins = maxBins;
        this.counts = new long[maxBins];
    }

    void add(float value) {
        if (!Float.isFinite(value)) return;
        if (total == 0) {
            min = max = value;
            low = key(value);
            used = 1;
            counts[0] = 1;
            total = 1;
            return;
        }
        if (value < min) min = value;
        if (value > max) max = value;
        double key = key(value);
        while (key < low ? key(max) - key >= maxBins : key - low >= maxBins) {
            doubleWidth();
            key = key(value);
        }
        if (key < low) slideDown(key);
        int slot = (int) (key - low);
        counts[slot]++;
        if (slot >= used) used = slot + 1;
        total++;
    }

    Histogram result() {
        if (total == 0) return new Histogram(0, width, new long[0], 0, Float.NaN, Float.NaN);
        long[] out = Arrays.copyOf(counts, used);
        return new Histogram(low * width, width, out, total, min, max);
    }

    private double key(float value) {
        return Math.floor(value * invWidth);
    }

    /** Keys j become floorDiv(j, 2): the window's first key too, so the counts fold onto it. */
    private void doubleWidth() {
        double newLow = Math.floor(low / 2);
        long[] merged = new long[maxBins];
        int newUsed = 0;
        for (int i = 0; i < used; i++) {
            int slot = (int) (Math.floor((low + i) / 2) - newLow);
            merged[slot] += counts[i];
            if (counts[i] != 0) newUsed = Math.max(newUsed, slot + 1);
        }
        System.arraycopy(merged, 0, counts, 0, maxBins);
        low = newLow;
        used = Math.max(newUsed, 1);
        width *= 2;
        invWidth = 1 / width;
    }

    /** Moves the window so that it starts at {@code key} (the caller checked the maximum still fits). */
    private void slideDown(double key) {
        int shift = (int) (low - key);
        System.arraycopy(counts, 0, counts, shift, used);
        Arrays.fill(counts, 0, shift, 0);
        used += shift;
        low = key;
    }
}
