package dev.embspace.engine.forward.examples;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.forward.examples.BruteForceExamples.Hit;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivatingExamplesTest {

    private static final int K = 7;

    private static Transformer model(String family) {
        return switch (family) {
            case "llama" -> TinyTransformers.llama(3, 4, 2);
            case "gpt2" -> TinyTransformers.gpt2(4);
            case "bert" -> TinyTransformers.bert(5);
            default -> throw new IllegalArgumentException(family);
        };
    }

    private static List<int[]> corpus(long seed, int texts) {
        Random random = new Random(seed);
        int[] lengths = random.ints(texts, 1, TinyTransformers.MAX_POSITIONS + 1).toArray();
        return Arrays.asList(TinyTransformers.ids(seed, lengths));
    }

    private static List<String> names(List<int[]> corpus) {
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < corpus.size(); t++) texts.add("text " + t);
        return texts;
    }

    private static ActivatingExamples scan(Transformer model, List<int[]> corpus, List<VectorRef> units, ExampleOptions options) {
        return ActivatingExamples.scan(ForwardPass.of(model), names(corpus), corpus, units, options, Progress.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2", "bert"})
    void everyUnitOfEveryLayerMatchesTheScalarReference(String family) {
        Transformer model = model(family);
        List<int[]> corpus = corpus(family.hashCode(), 12);
        List<VectorRef> units = FfUnits.ofLayers(model, 0, model.layers() - 1);
        ActivatingExamples found = scan(model, corpus, units, ExampleOptions.of(K, 3).withBatchTokens(40));
        List<List<Hit>> ranked = BruteForceExamples.ranked(BruteForceExamples.reference(model), corpus, units);
        for (int i = 0; i < units.size(); i++) BruteForceExamples.assertClose(ranked.get(i), found.get(i), K, 1e-4);
    }

    /**
     * Against the engine's own pass run on each text alone. Not bit for bit: the same kernel may round
     * an ulp apart before and after the JIT compiles it (vector math intrinsics), so rank by rank
     * within a tolerance, whatever the batching.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 17, 10_000})
    void equalsTheBruteForceWhateverTheBatching(int batchTokens) {
        Transformer model = model("llama");
        List<int[]> corpus = corpus(11, 10);
        List<VectorRef> units = FfUnits.ofLayers(model, 1, 1);
        ActivatingExamples found = scan(model, corpus, units, ExampleOptions.of(K, 2).withBatchTokens(batchTokens));
        List<List<Hit>> all = BruteForceExamples.ranked(BruteForceExamples.engine(model), corpus, units);
        for (int i = 0; i < units.size(); i++) {
            List<Hit> ranked = all.get(i);
            BruteForceExamples.assertClose(ranked, found.get(i), K, 1e-5);
            BruteForceExamples.assertHistogramCounts(ranked, found.get(i).histogram(), 1e-5);
        }
    }

    @Test
    void contextsAreCutAroundTheTokenAtTheTextsEnds() {
        Transformer model = model("gpt2");
        List<int[]> corpus = corpus(21, 6);
        List<VectorRef> units = List.of(new VectorRef(0, VectorKind.FF_KEY, 5));
        int context = 4;
        UnitExamples unit = scan(model, corpus, units, ExampleOptions.of(30, context)).get(0);
        for (ActivatingExample e : unit.top()) {
            int[] ids = corpus.get(e.textIndex());
            assertEquals("text " + e.textIndex(), e.text());
            assertEquals(ids[e.position()], e.tokenId());
            int from = Math.max(0, e.position() - context);
            int to = Math.min(ids.length, e.position() + 1 + context);
            assertEquals(Arrays.stream(ids, from, e.position()).boxed().toList(), e.before());
            assertEquals(Arrays.stream(ids, e.position() + 1, to).boxed().toList(), e.after());
        }
    }

    @Test
    void theHeapKeepsAtMostKAndEveryPositionWhenTheCorpusIsSmaller() {
        Transformer model = model("bert");
        List<int[]> corpus = corpus(31, 3);
        int positions = corpus.stream().mapToInt(ids -> ids.length).sum();
        VectorRef unit = new VectorRef(1, VectorKind.FF_VALUE, 0);
        assertEquals(K, scan(model, corpus, List.of(unit), ExampleOptions.of(K, 1)).get(0).top().size());
        UnitExamples all = scan(model, corpus, List.of(unit), ExampleOptions.of(positions + 5, 1)).get(0);
        assertEquals(positions, all.top().size());
        assertEquals(positions, all.histogram().total());
        for (int r = 1; r < all.top().size(); r++) {
            assertTrue(all.top().get(r - 1).activation() >= all.top().get(r).activation(), "sorted, highest first");
        }
    }

    @Test
    void theSameUnitUnderSeveralNamesIsScannedOnceAndReportedForEach() {
        Transformer model = model("llama");
        List<int[]> corpus = corpus(51, 5);
        List<VectorRef> units = List.of(FfUnits.parse("L1.ff.key.2"), FfUnits.parse("L1.ff.value.2"), FfUnits.parse("L1.ff.gate.2"),
                FfUnits.parse("L1.ff.2"), FfUnits.parse("L0.ff.value.9"));
        ActivatingExamples found = scan(model, corpus, units, ExampleOptions.of(K, 2));
        assertEquals(units, found.units());
        for (int i = 1; i < 4; i++) {
            assertEquals(found.get(0).top(), found.get(i).top());
            assertEquals(found.get(0).histogram(), found.get(i).histogram());
            assertEquals(units.get(i), found.get(i).unit());
        }
        assertTrue(!found.get(0).top().equals(found.get(4).top()), "another unit, other examples");
    }

    @Test
    void theTokenCapCutsTheCorpus() {
        Transformer model = model("bert");
        List<int[]> corpus = corpus(61, 8);
        ActivatingExamples found = scan(model, corpus, List.of(new VectorRef(0, VectorKind.FF_KEY, 1)),
                ExampleOptions.of(1000, 0).withMaxTokens(30));
        assertEquals(30, found.tokens());
        assertEquals(30, found.get(0).histogram().total());
    }

    @Test
    void onlyFfUnitsOfTheModelAreAccepted() {
        Transformer model = model("gpt2");
        List<int[]> corpus = corpus(71, 2);
        for (String bad : List.of("L0.attn.q.1", "emb.3", "L0.ff", "L0.ff.key", "L0.ff.x.1", "project")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FfUnits.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> scan(model, corpus, List.of(new VectorRef(9, VectorKind.FF_KEY, 0)),
                ExampleOptions.of(K, 1)));
        assertThrows(IllegalArgumentException.class, () -> scan(model, corpus, List.of(new VectorRef(0, VectorKind.FF_KEY, 100_000)),
                ExampleOptions.of(K, 1)));
        assertThrows(IllegalArgumentException.class, () -> scan(model, corpus, List.of(new VectorRef(0, VectorKind.FF_GATE, 0)),
                ExampleOptions.of(K, 1)), "gpt-2 has no gate");
        assertThrows(IllegalArgumentException.class, () -> scan(model, corpus, List.of(new VectorRef(0, VectorKind.ATTN_O, 0)),
                ExampleOptions.of(K, 1)));
    }
}
