package dev.embspace.engine.forward.examples;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingHistogramTest {

    private static Histogram of(List<Float> values, int bins) {
        StreamingHistogram h = new StreamingHistogram(bins);
        for (float v : values) h.add(v);
        return h.result();
    }

    private static List<Float> sample(long seed, int n, double scale, double shift) {
        Random r = new Random(seed);
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add((float) (shift + scale * (r.nextDouble() < 0.1 ? r.nextGaussian() * 8 : r.nextGaussian())));
        return out;
    }

    @Test
    void countsAreExactOnTheFinestPowerOfTwoGridThatFitsTheRange() {
        for (double scale : new double[]{1e-4, 0.2, 3, 700}) {
            for (double shift : new double[]{0, -0.17, 5}) {
                List<Float> values = sample((long) (scale * 1000 + shift), 5000, scale, shift);
                Histogram h = of(values, 64);
                float min = Collections.min(values), max = Collections.max(values);
                assertEquals(min, h.min());
                assertEquals(max, h.max());
                assertEquals(values.size(), h.total());
                double w = h.binWidth();
                assertEquals(0, Math.getExponent(w) - Math.log(w) / Math.log(2), 0, "a power of two");
                assertTrue(Math.floor(max / w) - Math.floor(min / w) < 64, "the range fits");
                assertTrue(Math.floor(max / (w / 2)) - Math.floor(min / (w / 2)) >= 64, "and does not at half the width");
                assertTrue(h.edge(0) <= min && max < h.edge(h.bins()), "the bins cover min to max");
                long[] expected = new long[h.bins()];
                for (float v : values) expected[(int) (Math.floor(v / w) - Math.floor(min / w))]++;
                assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(h.counts()));
                assertTrue(expected[0] > 0 && expected[h.bins() - 1] > 0, "the first and last bins hold the extremes");
            }
        }
    }

    @Test
    void theOrderOfTheValuesDoesNotMatter() {
        List<Float> values = sample(7, 3000, 0.5, 0.1);
        Histogram first = of(values, 32);
        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(values, new Random(seed));
            assertEquals(first, of(values, 32));
        }
        Collections.sort(values);
        assertEquals(first, of(values, 32));
        Collections.reverse(values);
        assertEquals(first, of(values, 32));
    }

    @Test
    void nonFiniteValuesAreLeftOutAndOneValueMakesOneBin() {
        Histogram h = of(List.of(Float.NaN, 0.25f, Float.POSITIVE_INFINITY, 0.25f, Float.NEGATIVE_INFINITY), 8);
        assertEquals(2, h.total());
        assertEquals(1, h.bins());
        assertEquals(2, h.counts()[0]);
        assertTrue(h.edge(0) <= 0.25 && 0.25 < h.edge(1));
        Histogram empty = of(List.of(Float.NaN), 8);
        assertEquals(0, empty.total());
        assertEquals(0, empty.bins());
    }

    @Test
    void extremeValuesWidenTheBinsWithoutOverflow() {
        Histogram h = of(List.of(-3e38f, 1e-30f, 0f, 3e38f), 16);
        assertEquals(4, h.total());
        assertTrue(h.bins() <= 16);
        assertEquals(4, java.util.Arrays.stream(h.counts()).sum());
    }
}
