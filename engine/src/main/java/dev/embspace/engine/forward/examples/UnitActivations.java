package dev.embspace.engine.forward.examples;

import dev.embspace.engine.project.TopK;

/**
 * What the scan keeps of one unit while the corpus streams by: the k best (activation, place)
 * pairs and the histogram of all activations. A place is a ranking id, the text index in the high
 * 32 bits and the token position in the low ones, so that {@link TopK}'s "ties to the lower id"
 * means ties to the earlier text, then the earlier position.
 */
final class UnitActivations {

    private final TopK top;
    private final StreamingHistogram histogram;

    UnitActivations(int k, int bins) {
        this.top = new TopK(k);
        this.histogram = new StreamingHistogram(bins);
    }

    static long place(int text, int position) {
        return (long) text << 32 | position;
    }

    static int text(long place) {
        return (int) (place >>> 32);
    }

    static int position(long place) {
        return (int) place;
    }

    /** Adds {@code values[from + r]} at {@code places[r]} for r in [0, count). */
    void add(float[] values, int from, int count, long[] places) {
        for (int r = 0; r < count; r++) {
            float a = values[from + r];
            histogram.add(a);
            // most candidates lose to the heap's worst once it is full: skip the offer for them
            if (a >= top.threshold()) top.offer(places[r], a);
        }
    }

    /** The kept places, best first. */
    long[] places() {
        return top.rankedIds();
    }

    /** The kept activations, in the order of {@link #places()}. */
    float[] activations() {
        return top.rankedScores();
    }

    Histogram histogram() {
        return histogram.result();
    }
}
