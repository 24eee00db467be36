package dev.embspace.engine.analysis.pairs;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelatedPairsTest {

    private static final int K = 20;

    @Test
    void absoluteOverlapsMatchBruteForce() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small(), 1);
        PairsOptions options = new PairsOptions(K, false, 7, false, EmbeddingSide.OUTPUT, null, 0);
        checkAgainstReference(model, options);
    }

    @Test
    void signedOverlapsUnderGroupedQueryAttentionAndFoldingMatchBruteForce() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small().grouped(2), 2);
        PairsOptions options = new PairsOptions(K, true, 3, true, EmbeddingSide.INPUT, id -> id % 3 != 0, 0);
        checkAgainstReference(model, options);
    }

    @Test
    void sampledPairsMatchBruteForceOnTheSamePairs() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small(), 4);
        PairsOptions options = new PairsOptions(K, false, 11, false, EmbeddingSide.OUTPUT, null, 5);
        checkAgainstReference(model, options);
    }

    @Test
    void identicalKeysAndValuesOverlapFullyAndShuffledPairsDoNot() {
        Transformer random = RandomModels.random("m", RandomModels.Shape.small(), 3);
        List<Block> blocks = new ArrayList<>();
        for (Block b : random.blocks()) {
            Mlp m = b.mlp();
            blocks.add(new Block(b.index(), b.attnNorm(), b.attention(), b.mlpNorm(),
                    new Mlp(m.key(), null, m.key(), null, null, m.activation())));
        }
        Transformer tied = new Transformer("tied", random.spec(), random.embeddings(), blocks,
                random.finalNorm(), random.unembedding(), null);
        PairsResult result = RelatedPairs.compute(tied, PairsOptions.defaults(), Progress.NONE);
        for (LayerOverlap l : result.layers()) {
            assertEquals(1.0, l.kv(), 1e-12);
            assertTrue(l.kvShuffled() < 0.9, "shuffled keys overlap " + l.kvShuffled());
        }
    }

    @Test
    void jaccardOfSortedSets() {
        assertEquals(2.0 / 4, TokenSets.jaccard(new int[]{1, 2, 3}, new int[]{2, 3, 4}), 0);
        assertEquals(0, TokenSets.jaccard(new int[]{}, new int[]{}), 0);
        assertEquals(1, TokenSets.jaccard(new int[]{5}, new int[]{5}), 0);
    }

    private static void checkAgainstReference(Transformer model, PairsOptions o) {
        PairsResult result = RelatedPairs.compute(model, o, Progress.NONE);
        Matrix e = model.embedding(o.side());
        for (int layer = 0; layer < model.layers(); layer++) {
            Attention a = model.block(layer).attention();
            LayerOverlap got = result.layers().get(layer);
            checkRelation(model, layer, VectorKind.FF_KEY, VectorKind.FF_VALUE,
                    Pairing.identity(model.block(layer).mlp().units()), RelatedPairs.Relation.KV, e, o,
                    got.kv(), got.kvShuffled());
            checkRelation(model, layer, VectorKind.ATTN_V, VectorKind.ATTN_O, Pairing.perHeadDimension(a, true),
                    RelatedPairs.Relation.VO, e, o, got.vo(), got.voShuffled());
            checkRelation(model, layer, VectorKind.ATTN_Q, VectorKind.ATTN_K, Pairing.perHeadDimension(a, false),
                    RelatedPairs.Relation.QK, e, o, got.qk(), got.qkShuffled());
        }
    }

    private static void checkRelation(Transformer model, int layer, VectorKind leftKind, VectorKind rightKind,
                                      Pairing pairing, RelatedPairs.Relation relation, Matrix e, PairsOptions o,
                                      double related, double shuffled) {
        double[][] left = RandomModels.dense(ParameterVectors.of(model, layer, leftKind, o.side(), o.foldLn()));
        double[][] right = RandomModels.dense(ParameterVectors.of(model, layer, rightKind, o.side(), o.foldLn()));
        Pairing[] pairings = RelatedPairs.pairings(pairing, layer, relation, o);
        assertEquals(o.maxPairs() == 0 ? pairing.size() : Math.min(o.maxPairs(), pairing.size()), pairings[0].size());
        assertEquals(reference(left, right, pairings[0], e, o), related, 1e-12, relation + " layer " + layer);
        assertEquals(reference(left, right, pairings[1], e, o), shuffled, 1e-12, relation + " shuffled, layer " + layer);
    }

    /** Scores every token in double, sorts them, intersects the sets: the slow, obvious way. */
    private static double reference(double[][] left, double[][] right, Pairing p, Matrix e, PairsOptions o) {
        double sum = 0;
        for (int i = 0; i < p.left().length; i++) {
            int[] a = topSet(left[p.left()[i]], e, o);
            int[] b = topSet(right[p.right()[i]], e, o);
            long common = Arrays.stream(a).filter(t -> Arrays.binarySearch(b, t) >= 0).count();
            sum += (double) common / (a.length + b.length - common);
        }
        return sum / p.left().length;
    }

    private static int[] topSet(double[] x, Matrix e, PairsOptions o) {
        double[] score = new double[e.rows()];
        for (int t = 0; t < e.rows(); t++) {
            double s = 0;
            for (int c = 0; c < x.length; c++) s += e.get(t, c) * x[c];
            score[t] = o.signed() ? s : Math.abs(s);
        }
        return IntStream.range(0, e.rows()).filter(t -> o.allowed().test(t)).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> -score[t]).thenComparingInt(t -> t))
                .limit(o.k()).mapToInt(Integer::intValue).sorted().toArray();
    }
}
