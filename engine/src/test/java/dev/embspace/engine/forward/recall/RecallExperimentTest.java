package dev.embspace.engine.forward.recall;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LogitLens;
import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecallExperimentTest {

    private static final RecallOptions OPTIONS = new RecallOptions(6, 3, 7L, EmbeddingSide.OUTPUT, null);

    /** The experiment against its definition, computed here by brute force over a two-batch corpus. */
    @Test
    void matchesTheDefinitionOnAGroupedQueryModel() {
        Transformer model = TinyTransformers.llama(31, 4, 2);
        ForwardPass pass = ForwardPass.of(model);
        RecallExperiment experiment = new RecallExperiment(model, OPTIONS);
        List<ForwardResult> batches = List.of(
                pass.run(TinyTransformers.ids(32, 5, 3), null, RecallExperiment.CAPTURE),
                pass.run(TinyTransformers.ids(33, 7), null, RecallExperiment.CAPTURE));
        batches.forEach(experiment::add);
        RecallResult result = experiment.result(Progress.NONE);
        assertEquals(15, result.positions());

        int[] partner = RecallExperiment.cyclicPermutation(15, new Random(OPTIONS.seed()));
        LogitLens lens = LogitLens.of(model, EmbeddingSide.OUTPUT);
        int last = model.layers() - 1;
        for (int l = 0; l < model.layers(); l++) {
            List<Set<Integer>> hidden = hiddenTops(batches, lens, model, l);
            List<Set<Integer>> lastHidden = hiddenTops(batches, lens, model, last);
            for (VectorKind kind : RecallExperiment.KINDS) {
                List<Set<Integer>> promoted = parameterTops(batches, model, l, kind);
                RecallScore layerScore = result.layers().get(l).againstLayer().get(kind);
                RecallScore lastScore = result.layers().get(l).againstLast().get(kind);
                assertEquals(meanRecall(hidden, promoted, IntStream.range(0, 15).toArray()), layerScore.recall(), 1e-12, kind + " L" + l);
                assertEquals(meanRecall(hidden, promoted, partner), layerScore.random(), 1e-12, kind + " L" + l + " random");
                assertEquals(meanRecall(lastHidden, promoted, IntStream.range(0, 15).toArray()), lastScore.recall(), 1e-12);
                assertEquals(meanRecall(lastHidden, promoted, partner), lastScore.random(), 1e-12);
            }
        }
    }

    /** The corpus driver is the same experiment, fed batch by batch. */
    @Test
    void measuringACorpusFeedsItsBatches() {
        Transformer model = TinyTransformers.neox(35, 0.25f, false);
        ForwardPass pass = ForwardPass.of(model);
        List<int[]> corpus = List.of(TinyTransformers.ids(36, 9, 4, 12));
        RecallResult measured = RecallExperiment.measure(pass, corpus, 20, 10, OPTIONS, Progress.NONE);
        RecallExperiment manual = new RecallExperiment(model, OPTIONS);
        manual.add(pass.run(new int[][] {corpus.get(0)}, null, RecallExperiment.CAPTURE));
        // 9 + 4 tokens would pass the budget of 10, as would 4 + 7: three batches, the last cut to the cap
        manual.add(pass.run(new int[][] {corpus.get(1)}, null, RecallExperiment.CAPTURE));
        manual.add(pass.run(new int[][] {java.util.Arrays.copyOf(corpus.get(2), 7)}, null, RecallExperiment.CAPTURE));
        assertEquals(20, measured.positions());
        assertEquals(manual.result(Progress.NONE), measured);
    }

    @Test
    void theBaselinePairsEveryPositionWithAnother() {
        int[] partner = RecallExperiment.cyclicPermutation(50, new Random(1));
        Set<Integer> seen = new HashSet<>();
        for (int p = 0; p < partner.length; p++) {
            assertTrue(partner[p] != p, "position " + p + " keeps its own units");
            seen.add(partner[p]);
        }
        assertEquals(50, seen.size(), "a permutation");
    }

    @Test
    void needsTwoPositions() {
        Transformer model = TinyTransformers.gpt2(34);
        RecallExperiment experiment = new RecallExperiment(model, OPTIONS);
        experiment.add(ForwardPass.of(model).run(new int[][] {{3}}, null, RecallExperiment.CAPTURE));
        assertThrows(BadInputException.class, () -> experiment.result(Progress.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> experiment.add(ForwardPass.of(model).run(new int[][] {{3}})));
    }

    private static List<Set<Integer>> hiddenTops(List<ForwardResult> batches, LogitLens lens, Transformer model, int layer) {
        List<Set<Integer>> out = new ArrayList<>();
        for (ForwardResult r : batches) {
            Matrix normed = lens.normed(r.layer(layer).residual());
            for (int p = 0; p < normed.rows(); p++) out.add(topTokens(model.unembedding(), normed.row(p)));
        }
        return out;
    }

    /** Per position: every token that a top-k projection of one of its most active units contains. */
    private static List<Set<Integer>> parameterTops(List<ForwardResult> batches, Transformer model, int layer, VectorKind kind) {
        boolean ff = kind == VectorKind.FF_KEY || kind == VectorKind.FF_VALUE;
        Attention attention = model.block(layer).attention();
        List<Set<Integer>> out = new ArrayList<>();
        for (ForwardResult r : batches) {
            Matrix activations = ff ? r.layer(layer).ffHidden() : r.layer(layer).attentionHeads();
            for (int p = 0; p < activations.rows(); p++) {
                float[] row = activations.row(p);
                int[] units = IntStream.range(0, row.length).boxed()
                        .sorted((a, b) -> row[a] != row[b] ? Float.compare(row[b], row[a]) : Integer.compare(a, b))
                        .limit(OPTIONS.topUnits()).mapToInt(Integer::intValue).toArray();
                Set<Integer> promoted = new HashSet<>();
                for (int u : units) {
                    // attention dimension (h, j) reads row j of its kv head's block of v
                    int vectorRow = kind == VectorKind.ATTN_V
                            ? attention.kvHeadOf(u / attention.headDim()) * attention.headDim() + u % attention.headDim() : u;
                    promoted.addAll(topTokens(model.unembedding(), model.vectors(layer, kind, EmbeddingSide.OUTPUT).row(vectorRow)));
                }
                out.add(promoted);
            }
        }
        return out;
    }

    private static double meanRecall(List<Set<Integer>> hidden, List<Set<Integer>> promoted, int[] partner) {
        double sum = 0;
        for (int p = 0; p < hidden.size(); p++) {
            Set<Integer> common = new HashSet<>(hidden.get(p));
            common.retainAll(promoted.get(partner[p]));
            sum += (double) common.size() / hidden.get(p).size();
        }
        return sum / hidden.size();
    }

    private static Set<Integer> topTokens(Matrix e, float[] x) {
        float[] scores = new float[e.rows()];
        for (int t = 0; t < e.rows(); t++) {
            float s = 0;
            for (int c = 0; c < e.cols(); c++) s += e.get(t, c) * x[c];
            scores[t] = s;
        }
        return new HashSet<>(IntStream.range(0, e.rows()).boxed()
                .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
                .limit(OPTIONS.k()).toList());
    }
}
