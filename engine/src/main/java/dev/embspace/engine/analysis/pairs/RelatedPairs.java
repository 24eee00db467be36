package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The paper's related-pairs experiment: parameters that work together (an FF key and its value,
 * W_V and W_O of one head dimension, W_Q and W_K) should point at the same tokens in embedding
 * space. Per layer, the mean Jaccard overlap of their top-k token sets is set against the overlap of
 * the same vectors paired at random, which is what chance gives for vectors of those kinds.
 */
public final class RelatedPairs {

    enum Relation { KV, VO, QK }

    private RelatedPairs() {
    }

    public static PairsResult compute(Transformer model, PairsOptions options, Progress progress) {
        Matrix e = model.embedding(options.side());
        progress.start("related pairs of " + model.name(), model.layers());
        List<LayerOverlap> layers = new ArrayList<>();
        for (int layer = 0; layer < model.layers(); layer++) {
            Attention a = model.block(layer).attention();
            double[] kv = overlaps(model, layer, VectorKind.FF_KEY, VectorKind.FF_VALUE,
                    Pairing.identity(model.block(layer).mlp().units()), Relation.KV, e, options);
            double[] vo = overlaps(model, layer, VectorKind.ATTN_V, VectorKind.ATTN_O,
                    Pairing.perHeadDimension(a, true), Relation.VO, e, options);
            double[] qk = overlaps(model, layer, VectorKind.ATTN_Q, VectorKind.ATTN_K,
                    Pairing.perHeadDimension(a, false), Relation.QK, e, options);
            layers.add(new LayerOverlap(layer, kv[0], kv[1], vo[0], vo[1], qk[0], qk[1]));
            progress.advance(1);
        }
        progress.finish();
        return new PairsResult(model.name(), options.k(), options.signed(), options.seed(), options.foldLn(), layers);
    }

    /** {related, shuffled} mean overlaps of one relation in one layer. */
    private static double[] overlaps(Transformer model, int layer, VectorKind leftKind, VectorKind rightKind,
                                     Pairing all, Relation relation, Matrix e, PairsOptions o) {
        Pairing[] pairings = pairings(all, layer, relation, o);
        int[][] left = sets(model, layer, leftKind, e, o, pairings[0].left());
        int[][] right = sets(model, layer, rightKind, e, o, pairings[0].right(), pairings[1].right());
        return new double[]{pairings[0].meanOverlap(left, right), pairings[1].meanOverlap(left, right)};
    }

    /**
     * The pairs evaluated, {related, shuffled}: all related pairs (or a seeded sample of maxPairs),
     * and the same left rows paired with right rows drawn at random from the whole relation. One
     * random stream per (layer, relation), so a layer's draw does not depend on the others.
     */
    static Pairing[] pairings(Pairing all, int layer, Relation relation, PairsOptions o) {
        Random rng = new Random(o.seed() * 1_000_003L + layer * 31L + relation.ordinal());
        Pairing related = o.maxPairs() > 0 ? all.sample(rng, o.maxPairs()) : all;
        return new Pairing[]{related, related.shuffled(rng, all.right())};
    }

    /** Top-k sets of the rows listed in {@code needed} (the other entries stay null). */
    private static int[][] sets(Transformer model, int layer, VectorKind kind, Matrix e, PairsOptions o, int[]... needed) {
        Matrix rows = ParameterVectors.of(model, layer, kind, o.side(), o.foldLn());
        int[] ids = Arrays.stream(needed).flatMapToInt(IntStream::of).distinct().sorted().toArray();
        int[][] out = new int[rows.rows()][];
        if (ids.length == rows.rows()) {
            int[][] all = TokenSets.topK(e, rows, o.k(), o.signed(), o.allowed());
            System.arraycopy(all, 0, out, 0, all.length);
            return out;
        }
        float[] picked = new float[ids.length * rows.cols()];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(rows.row(ids[i]), 0, picked, i * rows.cols(), rows.cols());
        }
        int[][] some = TokenSets.topK(e, Matrix.wrap(picked, ids.length, rows.cols()), o.k(), o.signed(), o.allowed());
        for (int i = 0; i < ids.length; i++) out[ids[i]] = some[i];
        return out;
    }
}
