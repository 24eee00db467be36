package dev.embspace.engine.project;

import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.kernel.RandomMatrices;
import dev.embspace.engine.kernel.RandomMatrices.Layout;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reverse index, filled batch by batch in the fused pass, against brute force over every unit and token. */
class ReverseIndexTest {

    private static final MicroKernel[] KERNELS = {MicroKernel.scalar(), MicroKernel.get()};

    @Test
    void accumulatesAcrossCallsExactlyAsBruteForceWithBothKernels() {
        Random rnd = new Random(77);
        for (int trial = 0; trial < 12; trial++) {
            int vocab = 1 + rnd.nextInt(trial < 8 ? 700 : 2500);
            int d = 1 + rnd.nextInt(40);
            int k = 1 + rnd.nextInt(12);
            boolean bottom = rnd.nextBoolean();
            Matrix embedding = RandomMatrices.gaussian(rnd, DType.values()[trial % 3], Layout.values()[rnd.nextInt(3)], vocab, d);
            IntPredicate allowed = trial % 3 == 0 ? null : randomFilter(rnd, vocab);
            List<Matrix> batches = new ArrayList<>();
            for (int b = 0, calls = 1 + rnd.nextInt(4); b < calls; b++) {
                batches.add(RandomMatrices.gaussian(rnd, DType.values()[rnd.nextInt(3)], Layout.values()[rnd.nextInt(3)],
                        1 + rnd.nextInt(trial < 8 ? 60 : 250), d));
            }
            check(embedding, batches, k, 1 + rnd.nextInt(10), bottom, allowed, "trial " + trial);
        }
    }

    @Test
    void tiesGoToTheLowerUnitWhateverTheOrderOfCalls() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 6; trial++) {
            // entries in {-1, 0, 1}: many units share each score
            Matrix embedding = RandomMatrices.smallIntegers(rnd, 600 + 97 * trial, 3, 1);
            List<Matrix> batches = List.of(RandomMatrices.smallIntegers(rnd, 130, 3, 1),
                    RandomMatrices.smallIntegers(rnd, 40, 3, 1), RandomMatrices.smallIntegers(rnd, 7, 3, 1));
            check(embedding, batches, 15, 5, trial % 2 == 0, trial % 2 == 0 ? null : randomFilter(rnd, embedding.rows()),
                    "trial " + trial);
        }
    }

    @Test
    void concurrentCallsOnOneIndexMergeExactly() throws Exception {
        Random rnd = new Random(8);
        Matrix embedding = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 1200, 24);
        List<Matrix> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) batches.add(RandomMatrices.smallIntegers(rnd, 50 + b, 24, 2));
        ReverseIndex index = new ReverseIndex(embedding.rows(), 9);
        ReferenceReverseIndex reference = new ReferenceReverseIndex(embedding, null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                int first = 1000 * (batches.size() - b); // later calls number their units lower
                reference.add(batches.get(b), first);
                Matrix batch = batches.get(b);
                done.add(pool.submit(() -> Projector.project(embedding, batch, 3, false, null, index, first)));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        for (int t = 0; t < embedding.rows(); t++) assertEquals(reference.units(t, 9), index.units(t), "token " + t);
    }

    @Test
    void theVectorListsAreTheSameWithAndWithoutTheIndex() {
        Random rnd = new Random(21);
        Matrix embedding = RandomMatrices.gaussian(rnd, DType.BF16, Layout.TRANSPOSED, 900, 20);
        Matrix vectors = RandomMatrices.gaussian(rnd, DType.F32, Layout.SLICED, 110, 20);
        IntPredicate allowed = randomFilter(rnd, 900);
        assertEquals(Projector.project(embedding, vectors, 7, true, allowed),
                Projector.project(embedding, vectors, 7, true, allowed, new ReverseIndex(900, 4), 0));
    }

    @Test
    void filteredTokensGetNoUnitsAndBadArgumentsAreRefused() {
        Random rnd = new Random(4);
        Matrix embedding = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 300, 8);
        Matrix vectors = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 30, 8);
        ReverseIndex index = new ReverseIndex(300, 40);
        Projector.project(embedding, vectors, 0, false, id -> id % 3 == 0, index, 5);
        assertEquals(List.of(), index.units(1));
        assertEquals(30, index.units(3).size(), "fewer units than k: all of them");
        assertTrue(index.units(3).stream().allMatch(u -> u.unit() >= 5 && u.unit() < 35));
        assertThrows(IllegalArgumentException.class, () -> Projector.project(embedding, vectors, 1, false, null, new ReverseIndex(299, 3), 0));
        assertThrows(IllegalArgumentException.class, () -> Projector.project(embedding, vectors, 1, false, null, index, Integer.MAX_VALUE - 10));
        assertThrows(IndexOutOfBoundsException.class, () -> index.units(300));
    }

    @Test
    void unitNumberingReadsIdsBackAsVectorAddresses() {
        UnitNumbering numbering = new UnitNumbering();
        assertEquals(0, numbering.add(0, VectorKind.FF_VALUE, 0, 1536));
        assertEquals(1536, numbering.add(0, VectorKind.FF_KEY, 0, 0)); // empty: takes no ids
        assertEquals(1536, numbering.add(1, VectorKind.FF_VALUE, 1024, 512));
        assertEquals(2048, numbering.add(0, VectorKind.EMB, 0, 10));
        assertEquals(2058, numbering.size());
        assertEquals(new VectorRef(0, VectorKind.FF_VALUE, 1535), numbering.vector(1535));
        assertEquals(new VectorRef(1, VectorKind.FF_VALUE, 1024), numbering.vector(1536));
        assertEquals(new VectorRef(1, VectorKind.FF_VALUE, 1535), numbering.vector(2047));
        assertEquals("emb.9", numbering.vector(2057).toString());
        assertThrows(IndexOutOfBoundsException.class, () -> numbering.vector(2058));
    }

    /** Runs every batch through the fused pass of each kernel into one index and compares all tokens. */
    private static void check(Matrix embedding, List<Matrix> batches, int k, int reverseK, boolean bottom, IntPredicate allowed, String what) {
        ReferenceReverseIndex reference = new ReferenceReverseIndex(embedding, allowed);
        int[] firsts = new int[batches.size()];
        int next = 0;
        for (int b = batches.size() - 1; b >= 0; b--) { // the first call gets the highest units
            firsts[b] = next;
            next += batches.get(b).rows() + 3;
            reference.add(batches.get(b), firsts[b]);
        }
        int[] tokens = allowed == null ? null : Projector.allowedIds(embedding.rows(), allowed);
        for (MicroKernel kernel : KERNELS) {
            FusedProjection fused = new FusedProjection(kernel);
            ReverseIndex index = new ReverseIndex(embedding.rows(), reverseK);
            for (int b = 0; b < batches.size(); b++) {
                List<Projection> lists = fused.project(embedding, batches.get(b), tokens, k, bottom, index, firsts[b]);
                assertEquals(batches.get(b).rows(), lists.size(), what);
            }
            for (int t = 0; t < embedding.rows(); t++) {
                assertEquals(reference.units(t, reverseK), index.units(t), what + ", " + kernel + ", token " + t);
            }
        }
    }

    private static IntPredicate randomFilter(Random rnd, int vocab) {
        BitSet allowed = new BitSet(vocab);
        double density = 0.05 + 0.9 * rnd.nextDouble();
        for (int id = 0; id < vocab; id++) if (rnd.nextDouble() < density) allowed.set(id);
        return allowed::get;
    }
}
