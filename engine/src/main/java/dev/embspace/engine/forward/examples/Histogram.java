package dev.embspace.engine.forward.examples;

import java.util.Arrays;

/**
 * The distribution of one unit's activations over a corpus: equal-width bins, bin i covering
 * [start + i * binWidth, start + (i + 1) * binWidth), from the bin of the smallest value to the bin
 * of the largest (see {@link StreamingHistogram} for how the width is chosen in one pass).
 *
 * @param counts values per bin; never empty when {@code total > 0}
 * @param total  finite values counted (NaN and infinities are left out)
 * @param min    the smallest value counted (NaN when none)
 * @param max    the largest value counted (NaN when none)
 */
public record Histogram(double start, double binWidth, long[] counts, long total, float min, float max) {

    public Histogram {
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public int bins() {
        return counts.length;
    }

    /** The lower edge of bin {@code i} ({@code i == bins()} gives the upper edge of the last). */
    public double edge(int i) {
        return start + i * binWidth;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Histogram h && start == h.start && binWidth == h.binWidth && Arrays.equals(counts, h.counts)
                && total == h.total && Float.compare(min, h.min) == 0 && Float.compare(max, h.max) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Double.hashCode(start);
    }

    @Override
    public String toString() {
        return "Histogram[start=" + start + ", binWidth=" + binWidth + ", counts=" + Arrays.toString(counts) + "]";
    }
}
