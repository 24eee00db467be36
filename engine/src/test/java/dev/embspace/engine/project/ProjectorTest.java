package dev.embspace.engine.project;

import dev.embspace.engine.kernel.RandomMatrices;
import dev.embspace.engine.kernel.RandomMatrices.Layout;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectorTest {

    @Test
    void matchesBruteForceOnRandomShapesDtypesLayoutsAndFilters() {
        Random rnd = new Random(2024);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rnd.nextInt(30);
            int vocab = 1 + rnd.nextInt(trial < 30 ? 400 : 3000);
            int d = 1 + rnd.nextInt(48);
            int k = rnd.nextInt(14);
            boolean bottom = rnd.nextBoolean();
            DType dtype = DType.values()[trial % 3];
            Matrix embedding = RandomMatrices.gaussian(rnd, dtype, Layout.values()[rnd.nextInt(3)], vocab, d);
            Matrix vectors = RandomMatrices.gaussian(rnd, DType.values()[rnd.nextInt(3)], Layout.values()[rnd.nextInt(3)], n, d);
            IntPredicate allowed = trial % 4 == 0 ? null : randomFilter(rnd, vocab);
            check(embedding, vectors, k, bottom, allowed, "trial " + trial);
        }
    }

    @Test
    void tiesGoToTheLowerTokenIdOnBothEnds() {
        Random rnd = new Random(99);
        for (int trial = 0; trial < 10; trial++) {
            // entries in {-1, 0, 1}: a few hundred tokens share each score
            Matrix embedding = RandomMatrices.smallIntegers(rnd, 1500 + trial * 50, 3, 1);
            Matrix vectors = RandomMatrices.smallIntegers(rnd, 25, 3, 1);
            check(embedding, vectors, 20, true, trial % 2 == 0 ? null : randomFilter(rnd, embedding.rows()), "trial " + trial);
        }
    }

    @Test
    void filteredTokensNeverTakeAPlaceSoKResultsComeBack() {
        Random rnd = new Random(5);
        Matrix embedding = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 1000, 16);
        Matrix vectors = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 4, 16);
        IntPredicate everyTenth = id -> id % 10 == 3;
        for (Projection p : Projector.project(embedding, vectors, 50, true, everyTenth)) {
            assertEquals(50, p.top().size());
            assertEquals(50, p.bottom().size());
            assertTrue(p.top().stream().allMatch(s -> everyTenth.test(s.id())));
            assertTrue(p.bottom().stream().allMatch(s -> everyTenth.test(s.id())));
        }
        // fewer allowed tokens than k: all of them, no padding
        List<Projection> few = Projector.project(embedding, vectors, 50, false, id -> id < 7);
        assertEquals(7, few.get(0).top().size());
        assertEquals(List.of(), few.get(0).bottom());
    }

    private static IntPredicate randomFilter(Random rnd, int vocab) {
        BitSet allowed = new BitSet(vocab);
        double density = 0.05 + 0.9 * rnd.nextDouble();
        for (int id = 0; id < vocab; id++) if (rnd.nextDouble() < density) allowed.set(id);
        return allowed::get;
    }

    private static void check(Matrix embedding, Matrix vectors, int k, boolean bottom, IntPredicate allowed, String what) {
        List<Projection> fused = Projector.project(embedding, vectors, k, bottom, allowed);
        assertEquals(vectors.rows(), fused.size(), what);
        for (int i = 0; i < vectors.rows(); i++) {
            Projection expected = ReferenceProjection.project(embedding, vectors.row(i), k, bottom, allowed);
            assertEquals(expected, fused.get(i), what + ", vector " + i);
        }
    }
}
