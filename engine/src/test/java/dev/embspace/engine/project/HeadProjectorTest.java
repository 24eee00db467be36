package dev.embspace.engine.project;

import dev.embspace.engine.kernel.RandomMatrices;
import dev.embspace.engine.kernel.RandomMatrices.Layout;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.TokenClasses;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadProjectorTest {

    private static final int V = 60, D = 12, HEADS = 4, KV_HEADS = 2, HEAD_DIM = 3;

    @Test
    void topPairsAreTheLargestEntriesOfEWEtransposedForEveryHeadAndCircuitUnderGroupedQueries() {
        Random rnd = new Random(31);
        Matrix e = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, V, D);
        Attention attention = new Attention(HEADS, KV_HEADS, HEAD_DIM,
                RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, HEADS * HEAD_DIM, D),
                RandomMatrices.gaussian(rnd, DType.F32, Layout.TRANSPOSED, KV_HEADS * HEAD_DIM, D),
                RandomMatrices.gaussian(rnd, DType.BF16, Layout.ROW_MAJOR, KV_HEADS * HEAD_DIM, D),
                RandomMatrices.gaussian(rnd, DType.F32, Layout.SLICED, HEADS * HEAD_DIM, D),
                null, null, null, null);
        for (Circuit circuit : Circuit.values()) {
            for (int h = 0; h < HEADS; h++) {
                // no exclusion, the id rule, and classes of several tokens (as the normalised-string rule makes)
                int[][] rules = {null, TokenClasses.byId(V), java.util.stream.IntStream.range(0, V).map(id -> id % 7).toArray()};
                for (int rule = 0; rule < rules.length; rule++) {
                    int[] classes = rules[rule];
                    List<TokenPair> expected = denseTop(e, circuit.fromSide(attention, h), circuit.toSide(attention, h), 12, classes);
                    List<TokenPair> actual = rule == 1 ? HeadProjector.top(e, attention, h, circuit, 12, true, null)
                            : HeadProjector.top(e, attention, h, circuit, 12, classes, null);
                    String what = circuit + " head " + h + " exclusion rule " + rule;
                    assertEquals(expected.size(), actual.size(), what);
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i).from(), actual.get(i).from(), what + " rank " + i);
                        assertEquals(expected.get(i).to(), actual.get(i).to(), what + " rank " + i);
                        assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-4 * Math.abs(expected.get(i).score()), what);
                    }
                }
            }
        }
    }

    /** The bottom pairs are the most negative entries, found by the same exact search on -A. */
    @Test
    void bottomPairsAreTheMostNegativeEntries() {
        Random rnd = new Random(32);
        Matrix e = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, V, D);
        Attention attention = new Attention(HEADS, KV_HEADS, HEAD_DIM,
                RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, HEADS * HEAD_DIM, D),
                RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, KV_HEADS * HEAD_DIM, D),
                RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, KV_HEADS * HEAD_DIM, D),
                RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, HEADS * HEAD_DIM, D),
                null, null, null, null);
        for (Circuit circuit : Circuit.values()) {
            int[] classes = TokenClasses.byId(V);
            List<TokenPair> all = denseTop(e, circuit.fromSide(attention, 1), circuit.toSide(attention, 1), V * V, classes);
            List<TokenPair> expected = all.reversed().subList(0, 9);
            List<TokenPair> actual = HeadProjector.bottom(e, attention, 1, circuit, 9, classes, null);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).from(), actual.get(i).from(), circuit + " rank " + i);
                assertEquals(expected.get(i).to(), actual.get(i).to(), circuit + " rank " + i);
                assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-4 * Math.abs(expected.get(i).score()));
                assertTrue(actual.get(i).score() < 0);
            }
        }
    }

    @Test
    void circuitNamesParse() {
        assertEquals(Circuit.OV, Circuit.parse("ov"));
        assertEquals(Circuit.QK, Circuit.parse("QK"));
    }

    /** The textbook route: the d x d matrix W = from^T to, then every entry E_i W E_j^T in double. */
    private static List<TokenPair> denseTop(Matrix e, Matrix from, Matrix to, int k, int[] sameClass) {
        double[][] w = new double[D][D];
        for (int j = 0; j < HEAD_DIM; j++) {
            for (int x = 0; x < D; x++) {
                for (int y = 0; y < D; y++) w[x][y] += (double) from.get(j, x) * to.get(j, y);
            }
        }
        List<TokenPair> all = new ArrayList<>();
        for (int a = 0; a < V; a++) {
            for (int b = 0; b < V; b++) {
                if (sameClass != null && sameClass[a] == sameClass[b]) continue;
                double s = 0;
                for (int x = 0; x < D; x++) {
                    for (int y = 0; y < D; y++) s += e.get(a, x) * w[x][y] * e.get(b, y);
                }
                all.add(new TokenPair(a, b, (float) s));
            }
        }
        return all.stream().sorted(Comparator.comparingDouble((TokenPair p) -> -p.score())).limit(k).toList();
    }
}
