package dev.embspace.engine.forward.examples;

import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ReferenceForward;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slow way to find a unit's top contexts: a full forward pass on each text alone, every
 * activation of the unit collected, then sorted (highest first, ties to the earlier text, then
 * position). The oracle of the scan's tests; public for the io tests on real checkpoints.
 */
public final class BruteForceExamples {

    /** One activation of a unit: where, and how much. */
    public record Hit(int text, int position, double activation) {
    }

    /** A unit's activations over a text, [position][unit] for a layer. */
    public interface LayerRun {
        double[][] ffHidden(int[] ids, int layer);
    }

    private BruteForceExamples() {
    }

    /** The engine's own forward pass, one text per batch (float activations, so equal comparisons are exact). */
    public static LayerRun engine(Transformer model) {
        ForwardPass pass = ForwardPass.of(model);
        return (ids, layer) -> {
            Matrix hidden = pass.run(new int[][]{ids}, null, new Capture(false, true, false, l -> l == layer))
                    .layer(layer).ffHidden(0);
            double[][] out = new double[hidden.rows()][hidden.cols()];
            for (int p = 0; p < out.length; p++) for (int u = 0; u < out[p].length; u++) out[p][u] = hidden.get(p, u);
            return out;
        };
    }

    /** The scalar double-precision reference forward: an oracle independent of the engine's kernels. */
    public static LayerRun reference(Transformer model) {
        return (ids, layer) -> ReferenceForward.run(model, ids, null).ffHidden().get(layer);
    }

    /** Every activation of {@code unit} over the corpus, sorted. */
    public static List<Hit> ranked(LayerRun run, List<int[]> corpus, VectorRef unit) {
        return ranked(run, corpus, List.of(unit)).getFirst();
    }

    /** Every activation of each of {@code units} over the corpus, sorted; each text runs once per layer. */
    public static List<List<Hit>> ranked(LayerRun run, List<int[]> corpus, List<VectorRef> units) {
        Map<Integer, List<double[][]>> byLayer = new HashMap<>();
        List<List<Hit>> out = new ArrayList<>();
        for (VectorRef unit : units) {
            List<double[][]> layer = byLayer.computeIfAbsent(unit.layer(),
                    l -> corpus.stream().map(ids -> run.ffHidden(ids, l)).toList());
            List<Hit> hits = new ArrayList<>();
            for (int t = 0; t < corpus.size(); t++) {
                double[][] hidden = layer.get(t);
                for (int p = 0; p < hidden.length; p++) hits.add(new Hit(t, p, hidden[p][unit.index()]));
            }
            hits.sort(Comparator.comparingDouble(Hit::activation).reversed().thenComparingInt(Hit::text)
                    .thenComparingInt(Hit::position));
            out.add(hits);
        }
        return out;
    }

    /** The scan kept exactly the brute force's top k, in order, with the same values. */
    public static void assertSame(List<Hit> ranked, UnitExamples found, int k) {
        List<ActivatingExample> top = found.top();
        assertEquals(Math.min(k, ranked.size()), top.size(), found.unit() + ": examples kept");
        for (int r = 0; r < top.size(); r++) {
            Hit expected = ranked.get(r);
            ActivatingExample actual = top.get(r);
            String where = found.unit() + " rank " + r;
            assertEquals(expected.text(), actual.textIndex(), where + ": text");
            assertEquals(expected.position(), actual.position(), where + ": position");
            assertEquals((float) expected.activation(), actual.activation(), where + ": activation");
        }
    }

    /**
     * Against an oracle computed at another precision: rank by rank the activations agree within
     * {@code tolerance}, and every kept context is truly among the top (its oracle activation equals
     * the reported one and reaches the k-th best, within the tolerance), which is all a ranking can
     * promise when values closer than the tolerance may swap.
     */
    public static void assertClose(List<Hit> ranked, UnitExamples found, int k, double tolerance) {
        List<ActivatingExample> top = found.top();
        assertEquals(Math.min(k, ranked.size()), top.size(), found.unit() + ": examples kept");
        double kth = ranked.get(top.size() - 1).activation();
        for (int r = 0; r < top.size(); r++) {
            ActivatingExample actual = top.get(r);
            String where = found.unit() + " rank " + r;
            assertEquals(ranked.get(r).activation(), actual.activation(), tolerance, where + ": activation");
            Hit own = ranked.stream().filter(h -> h.text() == actual.textIndex() && h.position() == actual.position())
                    .findFirst().orElseThrow();
            assertEquals(own.activation(), actual.activation(), tolerance, where + ": the oracle's activation there");
            assertTrue(own.activation() >= kth - tolerance, where + ": below the oracle's k-th best " + kth);
        }
    }
}
