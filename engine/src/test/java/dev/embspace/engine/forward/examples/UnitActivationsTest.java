package dev.embspace.engine.forward.examples;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-unit heap on exact synthetic activations, where ties are real ties. */
class UnitActivationsTest {

    /** Activations of one unit over texts of the given lengths, on a coarse grid so that many tie. */
    private static float[][] corpus(long seed, int... lengths) {
        Random random = new Random(seed);
        float[][] out = new float[lengths.length][];
        for (int t = 0; t < lengths.length; t++) {
            out[t] = new float[lengths[t]];
            for (int p = 0; p < lengths[t]; p++) out[t][p] = random.nextInt(-3, 4) * 0.25f;
        }
        return out;
    }

    /** Feeds the corpus in batches of whole texts, at most {@code batchTokens} tokens each (one text at least). */
    private static UnitActivations scan(float[][] corpus, int k, int batchTokens) {
        UnitActivations unit = new UnitActivations(k, 16);
        int t = 0;
        while (t < corpus.length) {
            List<Float> values = new ArrayList<>();
            List<Long> places = new ArrayList<>();
            do {
                for (int p = 0; p < corpus[t].length; p++) {
                    values.add(corpus[t][p]);
                    places.add(UnitActivations.place(t, p));
                }
                t++;
            } while (t < corpus.length && values.size() + corpus[t].length <= batchTokens);
            float[] v = new float[values.size() + 3];
            for (int i = 0; i < values.size(); i++) v[i + 3] = values.get(i);
            unit.add(v, 3, values.size(), places.stream().mapToLong(Long::longValue).toArray());
        }
        return unit;
    }

    @Test
    void keepsTheKBestWithTiesToTheEarlierTextThenPositionHoweverBatched() {
        float[][] corpus = corpus(5, 7, 1, 12, 3, 9, 9, 4);
        List<long[]> all = new ArrayList<>();
        for (int t = 0; t < corpus.length; t++) for (int p = 0; p < corpus[t].length; p++) all.add(new long[]{t, p});
        all.sort(Comparator.<long[]>comparingDouble(a -> -corpus[(int) a[0]][(int) a[1]]).thenComparingLong(a -> a[0])
                .thenComparingLong(a -> a[1]));
        for (int k : new int[]{1, 6, 20, 1000}) {
            long[] expected = all.stream().limit(k).mapToLong(a -> UnitActivations.place((int) a[0], (int) a[1])).toArray();
            for (int batchTokens : new int[]{1, 10, 1000}) {
                UnitActivations unit = scan(corpus, k, batchTokens);
                assertArrayEquals(expected, unit.places(), "k " + k + ", batches of " + batchTokens);
                float[] activations = unit.activations();
                for (int r = 0; r < expected.length; r++) {
                    long place = expected[r];
                    assertEquals(corpus[UnitActivations.text(place)][UnitActivations.position(place)], activations[r]);
                }
                assertEquals(all.size(), unit.histogram().total());
                assertEquals(scan(corpus, k, 1).histogram(), unit.histogram());
            }
        }
    }

    @Test
    void placesOrderByTextThenPosition() {
        long a = UnitActivations.place(3, 2_000_000_000), b = UnitActivations.place(4, 0);
        assertEquals(true, a < b);
        assertEquals(3, UnitActivations.text(a));
        assertEquals(2_000_000_000, UnitActivations.position(a));
        assertEquals(Integer.MAX_VALUE, UnitActivations.text(UnitActivations.place(Integer.MAX_VALUE, 5)));
    }
}
