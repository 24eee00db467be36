package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
            double[] kv = overlaps(sets(model, layer, VectorKind.FF_KEY, e, options),
                    sets(model, layer, VectorKind.FF_VALUE, e, options),
                    Pairing.identity(model.block(layer).mlp().units()), rng(options.seed(), layer, Relation.KV));
            double[] vo = overlaps(sets(model, layer, VectorKind.ATTN_V, e, options),
                    sets(model, layer, VectorKind.ATTN_O, e, options),
                    Pairing.perHeadDimension(a, true), rng(options.seed(), layer, Relation.VO));
            double[] qk = overlaps(sets(model, layer, VectorKind.ATTN_Q, e, options),
                    sets(model, layer, VectorKind.ATTN_K, e, options),
                    Pairing.perHeadDimension(a, false), rng(options.seed(), layer, Relation.QK));
            layers.add(new LayerOverlap(layer, kv[0], kv[1], vo[0], vo[1], qk[0], qk[1]));
            progress.advance(1);
        }
        progress.finish();
        return new PairsResult(model.name(), options.k(), options.signed(), options.seed(), options.foldLn(), layers);
    }

    private static int[][] sets(Transformer model, int layer, VectorKind kind, Matrix e, PairsOptions o) {
        Matrix rows = ParameterVectors.of(model, layer, kind, o.side(), o.foldLn());
        return TokenSets.topK(e, rows, o.k(), o.signed(), o.allowed());
    }

    /** {related, shuffled} mean overlaps. */
    private static double[] overlaps(int[][] left, int[][] right, Pairing related, Random rng) {
        return new double[]{related.meanOverlap(left, right), related.shuffled(rng).meanOverlap(left, right)};
    }

    /** One stream per (layer, relation), so a layer's shuffle does not depend on the others. */
    static Random rng(long seed, int layer, Relation relation) {
        return new Random(seed * 1_000_003L + layer * 31L + relation.ordinal());
    }
}
