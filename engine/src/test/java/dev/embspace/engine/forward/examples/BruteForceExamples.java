package dev.embspace.engine.forward.examples;

import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.ReferenceForward;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    /** The FF activations of a text, [position][unit] for each layer. */
    public interface LayerRun {
        List<double[][]> ffHidden(int[] ids);
    }

    private BruteForceExamples() {
    }

    /** The engine's own forward pass, one text per batch (float activations, so equal comparisons are exact). */
    public static LayerRun engine(Transformer model) {
        ForwardPass pass = ForwardPass.of(model);
        return ids -> {
            ForwardResult result = pass.run(new int[][]{ids}, null, new Capture(false, true, false, null));
            List<double[][]> layers = new ArrayList<>();
            for (int l = 0; l < model.layers(); l++) {
                Matrix hidden = result.layer(l).ffHidden(0);
                double[][] out = new double[hidden.rows()][hidden.cols()];
                for (int p = 0; p < out.length; p++) for (int u = 0; u < out[p].length; u++) out[p][u] = hidden.get(p, u);
                layers.add(out);
            }
            return layers;
        };
    }

    /** The scalar double-precision reference forward: an oracle independent of the engine's kernels. */
    public static LayerRun reference(Transformer model) {
        return ids -> ReferenceForward.run(model, ids, null).ffHidden();
    }

    /** Every activation of {@code unit} over the corpus, sorted. */
    public static List<Hit> ranked(LayerRun run, List<int[]> corpus, VectorRef unit) {
        return ranked(run, corpus, List.of(unit)).getFirst();
    }

    /** Every activation of each of {@code units} over the corpus, sorted; each text runs once per layer. */
    public static List<List<Hit>> ranked(LayerRun run, List<int[]> corpus, List<VectorRef> units) {
        List<List<double[][]>> activations = corpus.stream().map(run::ffHidden).toList();
        List<List<Hit>> out = new ArrayList<>();
        for (VectorRef unit : units) {
            List<Hit> hits = new ArrayList<>();
            for (int t = 0; t < corpus.size(); t++) {
                double[][] hidden = activations.get(t).get(unit.layer());
                for (int p = 0; p < hidden.length; p++) hits.add(new Hit(t, p, hidden[p][unit.index()]));
            }
            hits.sort(Comparator.comparingDouble(Hit::activation).reversed().thenComparingInt(Hit::text)
                    .thenComparingInt(Hit::position));
            out.add(hits);
        }
        return out;
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

    /**
     * The histogram counts every oracle activation in the bin its own edges give it, except that a
     * value within {@code tolerance} of an edge may fall on either side (the oracle and the scan
     * may round differently).
     */
    public static void assertHistogramCounts(List<Hit> all, Histogram histogram, double tolerance) {
        long[] expected = new long[histogram.bins() + 2];
        double w = histogram.binWidth();
        double first = Math.floor(histogram.start() / w);
        int nearEdges = 0;
        for (Hit h : all) {
            double a = h.activation();
            int bin = (int) (Math.floor(a / w) - first);
            expected[Math.clamp(bin, -1, histogram.bins()) + 1]++;
            double toEdge = Math.min(a - Math.floor(a / w) * w, Math.floor(a / w) * w + w - a);
            if (toEdge <= tolerance) nearEdges++;
        }
        long[] counts = histogram.counts();
        long moved = Math.abs(expected[0]) + Math.abs(expected[expected.length - 1]);
        for (int b = 0; b < counts.length; b++) moved += Math.abs(expected[b + 1] - counts[b]);
        assertTrue(moved <= 2L * nearEdges, "histogram " + Arrays.toString(counts) + " against the oracle's "
                + Arrays.toString(expected) + " (" + nearEdges + " values near an edge)");
        assertEquals(all.size(), histogram.total());
    }
}
