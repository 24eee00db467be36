package dev.embspace.engine.analysis.diff;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.project.TopK;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning read in embedding space: tuned - base for each parameter vector is itself a
 * d-vector, so it projects to the tokens fine-tuning pushed it towards (top) and away from
 * (bottom). Differences are read through the tuned model's E.
 */
public final class ModelDiff {

    private ModelDiff() {
    }

    public static DiffResult compare(Transformer base, Transformer tuned, List<VectorRef> requested, DiffOptions options,
                                     Progress progress) {
        requireSameShape(base, tuned);
        List<VectorKind> kinds = layerKinds(base);
        int layers = base.layers();
        progress.start("diffing " + base.name() + " and " + tuned.name(), layers);
        LayerScan[] scans = new LayerScan[layers];
        Parallel.forRange(layers, layer -> {
            scans[layer] = LayerScan.of(base, tuned, layer, kinds, options);
            progress.advance(1);
        });
        progress.finish();

        // the most-changed vectors: the best of each (layer, kind)'s own best
        List<VectorRef> candidates = new ArrayList<>();
        TopK most = new TopK(options.mostChanged());
        List<LayerChange> summary = new ArrayList<>();
        for (LayerScan scan : scans) {
            for (Moved m : scan.largest()) {
                most.offer(candidates.size(), m.norm());
                candidates.add(m.ref());
            }
            summary.add(new LayerChange(scan.layer(), scan.meanRelative()));
        }
        List<VectorRef> mostRefs = most.result().stream().map(s -> candidates.get(s.id())).toList();

        Matrix e = tuned.embedding(options.side());
        List<ChangedVector> requestedOut = describe(base, tuned, requested, e, options);
        List<ChangedVector> mostOut = describe(base, tuned, mostRefs, e, options);
        double embeddingChange = meanRelativeChange(base.embedding(options.side()), tuned.embedding(options.side()));
        return new DiffResult(base.name(), tuned.name(), requestedOut, mostOut, summary, embeddingChange);
    }

    /** Projections, norms and relative changes of the given vectors' differences. */
    private static List<ChangedVector> describe(Transformer base, Transformer tuned, List<VectorRef> refs, Matrix e,
                                                DiffOptions options) {
        if (refs.isEmpty()) return List.of();
        int d = e.cols();
        float[] rows = new float[refs.size() * d];
        double[] norms = new double[refs.size()];
        double[] relative = new double[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            // a classifier added by fine-tuning has no base: its difference is the head itself
            boolean added = refs.get(i).kind() == VectorKind.CLASSIFIER && base.classifier() == null;
            float[] b = added ? new float[d] : base.vector(refs.get(i), options.side()).row(0);
            float[] t = tuned.vector(refs.get(i), options.side()).row(0);
            double diff = 0, own = 0;
            for (int c = 0; c < d; c++) {
                float delta = t[c] - b[c];
                rows[i * d + c] = delta;
                diff += (double) delta * delta;
                own += (double) b[c] * b[c];
            }
            norms[i] = Math.sqrt(diff);
            relative[i] = own == 0 ? Double.NaN : Math.sqrt(diff / own);
        }
        List<Projection> projections = Projector.project(e, Matrix.wrap(rows, refs.size(), d), options.k(), true,
                options.allowed());
        List<ChangedVector> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            out.add(new ChangedVector(refs.get(i), norms[i], relative[i], projections.get(i)));
        }
        return out;
    }

    /** The kinds with one vector per row in every layer of this model (ff.gate only when gated). */
    static List<VectorKind> layerKinds(Transformer model) {
        List<VectorKind> kinds = new ArrayList<>(List.of(VectorKind.FF_KEY));
        if (model.block(0).mlp().gated()) kinds.add(VectorKind.FF_GATE);
        kinds.addAll(List.of(VectorKind.FF_VALUE, VectorKind.ATTN_Q, VectorKind.ATTN_K, VectorKind.ATTN_V, VectorKind.ATTN_O));
        return kinds;
    }

    private static void requireSameShape(Transformer base, Transformer tuned) {
        String problem = shapeDifference(base, tuned);
        if (problem != null) {
            throw new BadInputException(tuned.name() + " is not a fine-tuned " + base.name() + ": " + problem);
        }
    }

    /** The first way the two models' shapes differ, or null when every vector has a counterpart. */
    private static String shapeDifference(Transformer base, Transformer tuned) {
        if (base.layers() != tuned.layers()) return base.layers() + " vs " + tuned.layers() + " layers";
        if (base.spec().dModel() != tuned.spec().dModel()) {
            return "width " + base.spec().dModel() + " vs " + tuned.spec().dModel();
        }
        if (base.unembedding().rows() != tuned.unembedding().rows()) {
            return base.unembedding().rows() + " vs " + tuned.unembedding().rows() + " tokens";
        }
        if (!layerKinds(base).equals(layerKinds(tuned))) return "one MLP is gated and the other is not";
        for (VectorKind kind : layerKinds(base)) {
            for (int l = 0; l < base.layers(); l++) {
                int rb = base.vectors(l, kind, EmbeddingSide.OUTPUT).rows();
                int rt = tuned.vectors(l, kind, EmbeddingSide.OUTPUT).rows();
                if (rb != rt) return "L" + l + " " + kind.label() + " has " + rb + " vs " + rt + " vectors";
            }
        }
        return null;
    }

    /** Mean over rows of ||t - b|| / ||b||, rows with a zero base left out. */
    static double meanRelativeChange(Matrix base, Matrix tuned) {
        float[] b = new float[base.cols()];
        float[] t = new float[base.cols()];
        double sum = 0;
        int counted = 0;
        for (int r = 0; r < base.rows(); r++) {
            base.row(r, b);
            tuned.row(r, t);
            double diff = 0, own = 0;
            for (int c = 0; c < b.length; c++) {
                double delta = t[c] - b[c];
                diff += delta * delta;
                own += (double) b[c] * b[c];
            }
            if (own > 0) {
                sum += Math.sqrt(diff / own);
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** A vector and the norm of its difference. */
    private record Moved(VectorRef ref, float norm) {
    }

    /** One layer's scan: mean relative change per kind and, per kind, the indices that moved most. */
    private record LayerScan(int layer, Map<VectorKind, Double> meanRelative, List<Moved> largest) {

        static LayerScan of(Transformer base, Transformer tuned, int layer, List<VectorKind> kinds, DiffOptions o) {
            Map<VectorKind, Double> mean = new EnumMap<>(VectorKind.class);
            List<Moved> largest = new ArrayList<>();
            for (VectorKind kind : kinds) {
                Matrix b = base.vectors(layer, kind, o.side());
                Matrix t = tuned.vectors(layer, kind, o.side());
                mean.put(kind, meanRelativeChange(b, t));
                TopK top = new TopK(o.mostChanged());
                float[] br = new float[b.cols()];
                float[] tr = new float[b.cols()];
                for (int r = 0; r < b.rows(); r++) {
                    b.row(r, br);
                    t.row(r, tr);
                    double diff = 0;
                    for (int c = 0; c < br.length; c++) diff += (double) (tr[c] - br[c]) * (tr[c] - br[c]);
                    top.offer(r, (float) Math.sqrt(diff));
                }
                for (TokenScore s : top.result()) largest.add(new Moved(new VectorRef(layer, kind, s.id()), s.score()));
            }
            return new LayerScan(layer, mean, largest);
        }
    }
}
