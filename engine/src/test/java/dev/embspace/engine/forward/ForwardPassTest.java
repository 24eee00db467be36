package dev.embspace.engine.forward;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardPassTest {

    /** float32 kernels against a double reference through two layers of random weights. */
    private static final double TOLERANCE = 1e-4;
    /** Lengths of a ragged batch: longest first, a single token, one in between. */
    private static final int[] LENGTHS = {11, 1, 6};

    private static List<Transformer> families() {
        return List.of(TinyTransformers.bert(1), TinyTransformers.bert(22, 2), TinyTransformers.gpt2(2), TinyTransformers.neox(3, 0.5f, true),
                TinyTransformers.neox(4, 0.25f, false), TinyTransformers.llama(5, 4, 2), TinyTransformers.llama(6, 2, 2), TinyTransformers.llama(19, 4, 1, 6));
    }

    private static List<Transformer> decoders() {
        return families().stream().filter(m -> m.finalNorm() != null).toList();
    }

    @Test
    void everyFamilyMatchesTheReferenceOnARaggedBatch() {
        for (Transformer model : families()) {
            int[][] ids = TinyTransformers.ids(7, LENGTHS);
            int[][] types = model.embeddings().tokenTypes() == null ? null : tokenTypes(ids);
            ForwardResult result = ForwardPass.of(model).run(ids, types, Capture.all());
            for (int s = 0; s < ids.length; s++) {
                ReferenceForward.Trace ref = ReferenceForward.run(model, ids[s], types == null ? null : types[s]);
                String where = model.name() + " sequence " + s;
                assertClose(ref.lastHidden(), result.lastHiddenState(s), where + " last hidden");
                for (int l = 0; l < model.layers(); l++) {
                    LayerActivations layer = result.layer(l);
                    assertClose(ref.residuals().get(l), layer.residual(s), where + " L" + l + " residual");
                    assertClose(ref.ffHidden().get(l), layer.ffHidden(s), where + " L" + l + " ff hidden");
                    int dh = model.block(l).attention().headDim();
                    for (int h = 0; h < model.block(l).attention().heads(); h++) {
                        assertClose(columns(ref.heads().get(l), h * dh, dh), layer.headOutput(s, h),
                                where + " L" + l + " head " + h);
                    }
                }
            }
        }
    }

    @Test
    void bertTokenTypesChangeTheOutput() {
        Transformer bert = TinyTransformers.bert(8);
        int[][] ids = TinyTransformers.ids(9, 5);
        Matrix zeros = ForwardPass.of(bert).run(ids, null, Capture.none()).lastHiddenState(0);
        Matrix ones = ForwardPass.of(bert).run(ids, new int[][] {{1, 1, 1, 1, 1}}, Capture.none()).lastHiddenState(0);
        assertTrue(maxDiff(zeros, ones) > 1e-2, "token type 1 is embedded");
        assertClose(toDouble(zeros), ForwardPass.of(bert).run(ids, new int[][] {{0, 0, 0, 0, 0}}, Capture.none())
                .lastHiddenState(0), "null token types are type 0");
    }

    @Test
    void decodersAreCausal() {
        for (Transformer model : decoders()) {
            int[][] ids = TinyTransformers.ids(10, 9);
            int[][] changed = {ids[0].clone()};
            for (int p = 5; p < 9; p++) changed[0][p] = (ids[0][p] + 1 + p) % TinyTransformers.VOCAB;
            ForwardPass pass = ForwardPass.of(model);
            Matrix before = pass.run(ids).lastHiddenState(0);
            Matrix after = pass.run(changed).lastHiddenState(0);
            Matrix prefix = pass.run(new int[][] {java.util.Arrays.copyOf(ids[0], 5)}).lastHiddenState(0);
            assertTrue(maxDiff(before.rowRange(0, 5), after.rowRange(0, 5)) < 1e-6, model.name() + ": later tokens leak back");
            assertTrue(maxDiff(before.rowRange(0, 5), prefix) < 1e-5, model.name() + ": a prefix runs alone the same");
            assertTrue(maxDiff(before.rowRange(5, 9), after.rowRange(5, 9)) > 1e-3, model.name() + ": changed tokens matter");
        }
    }

    @Test
    void bertIsBidirectional() {
        Transformer bert = TinyTransformers.bert(11);
        int[][] ids = TinyTransformers.ids(12, 6);
        int[][] changed = {ids[0].clone()};
        changed[0][5] = (ids[0][5] + 1) % TinyTransformers.VOCAB;
        ForwardPass pass = ForwardPass.of(bert);
        assertTrue(maxDiff(pass.run(ids).lastHiddenState(0).rowRange(0, 1),
                pass.run(changed).lastHiddenState(0).rowRange(0, 1)) > 1e-3, "the first token sees the last");
    }

    @Test
    void aBatchGivesEachSequenceWhatItGetsAlone() {
        for (Transformer model : families()) {
            int[][] ids = TinyTransformers.ids(13, 3, 12, 7, 1);
            ForwardPass pass = ForwardPass.of(model);
            ForwardResult batched = pass.run(ids, null, Capture.all());
            for (int s = 0; s < ids.length; s++) {
                ForwardResult alone = pass.run(new int[][] {ids[s]}, null, Capture.all());
                String where = model.name() + " sequence " + s;
                assertTrue(maxDiff(batched.lastHiddenState(s), alone.lastHiddenState(0)) < 1e-5, where);
                for (int l = 0; l < model.layers(); l++) {
                    assertTrue(maxDiff(batched.layer(l).ffHidden(s), alone.layer(l).ffHidden(0)) < 1e-5, where + " L" + l);
                }
            }
            float[][][] states = batched.lastHiddenStates();
            assertEquals(ids.length, states.length);
            for (int s = 0; s < ids.length; s++) assertEquals(ids[s].length, states[s].length);
        }
    }

    /**
     * Query head h of a grouped model reads kv head h / (heads / kvHeads): the same model with its
     * kv heads copied out to one per query head, in that order, must compute the same thing.
     */
    @Test
    void groupedQueryHeadsReadTheirGroupsKvHead() {
        Transformer grouped = TinyTransformers.llama(14, 4, 2);
        Transformer expanded = expandKvHeads(grouped);
        int[][] ids = TinyTransformers.ids(15, 8, 4);
        ForwardResult g = ForwardPass.of(grouped).run(ids, null, Capture.all());
        ForwardResult e = ForwardPass.of(expanded).run(ids, null, Capture.all());
        for (int s = 0; s < ids.length; s++) {
            assertTrue(maxDiff(g.lastHiddenState(s), e.lastHiddenState(s)) < 1e-5, "sequence " + s);
            for (int h = 0; h < 4; h++) {
                assertTrue(maxDiff(g.layer(1).headOutput(s, h), e.layer(1).headOutput(s, h)) < 1e-5, "head " + h);
            }
        }
        // and the grouping is not a no-op: pairing kv heads the other way round changes the result
        Transformer swapped = expandKvHeads(grouped, new int[] {0, 1, 0, 1});
        assertTrue(maxDiff(g.lastHiddenState(0), ForwardPass.of(swapped).run(ids).lastHiddenState(0)) > 1e-3);
    }

    @Test
    void captureKeepsOnlyWhatIsAskedFor() {
        Transformer model = TinyTransformers.gpt2(16);
        int[][] ids = TinyTransformers.ids(17, 4);
        ForwardResult none = ForwardPass.of(model).run(ids);
        assertThrows(IllegalStateException.class, () -> none.layer(0));
        ForwardResult some = ForwardPass.of(model).run(ids, null, Capture.residualStream().onlyLayers(l -> l == 1));
        assertThrows(IllegalStateException.class, () -> some.layer(0));
        assertThrows(IllegalStateException.class, () -> some.layer(1).ffHidden(0));
        assertEquals(4, some.layer(1).residual(0).rows());
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        ForwardPass bert = ForwardPass.of(TinyTransformers.bert(18));
        BadInputException id = assertThrows(BadInputException.class, () -> bert.run(new int[][] {{1, TinyTransformers.VOCAB}}));
        assertTrue(id.getMessage().contains("token id " + TinyTransformers.VOCAB), id.getMessage());
        BadInputException tooLong = assertThrows(BadInputException.class,
                () -> bert.run(new int[][] {new int[TinyTransformers.MAX_POSITIONS + 1]}));
        assertTrue(tooLong.getMessage().contains("at most " + TinyTransformers.MAX_POSITIONS), tooLong.getMessage());
        // RoBERTa's positions start at 2, so its table holds two tokens fewer
        ForwardPass roberta = ForwardPass.of(TinyTransformers.bert(23, 2));
        roberta.run(new int[][] {new int[TinyTransformers.MAX_POSITIONS - 2]});
        assertThrows(BadInputException.class, () -> roberta.run(new int[][] {new int[TinyTransformers.MAX_POSITIONS - 1]}));
        assertThrows(BadInputException.class, () -> bert.run(new int[][] {{1, 2}}, new int[][] {{0}}, Capture.none()));
        assertThrows(BadInputException.class, () -> bert.run(new int[][] {{1, 2}}, new int[][] {{0, 2}}, Capture.none()));
        // a rotary share that leaves an odd number of dimensions cannot rotate in pairs
        Transformer neox = TinyTransformers.neox(20, 0.25f, true);
        ModelSpec s = neox.spec();
        ModelSpec odd = new ModelSpec(s.family(), s.modelType(), s.vocabSize(), s.dModel(), s.layers(), s.heads(), s.kvHeads(),
                s.headDim(), s.dFf(), s.maxPositions(), s.activation(), s.postNorm(), s.parallelResidual(), 0.375f,
                s.ropeTheta(), s.tiedEmbeddings());
        BadInputException rotary = assertThrows(BadInputException.class, () -> ForwardPass.of(new Transformer("odd-rotary", odd,
                neox.embeddings(), neox.blocks(), neox.finalNorm(), neox.unembedding(), null)));
        assertTrue(rotary.getMessage().startsWith("odd-rotary: rotary fraction 0.375"), rotary.getMessage());
        // an empty sequence is no error: it has no positions
        assertEquals(0, bert.run(new int[][] {{}, {3}}).lastHiddenState(0).rows());
        assertEquals(0, bert.run(new int[0][]).batch().tokens());
        assertEquals(0, ForwardPass.of(TinyTransformers.llama(21, 4, 2)).run(new int[][] {{}}, null, Capture.all())
                .layer(1).residual(0).rows());
    }

    private static Transformer expandKvHeads(Transformer model) {
        int heads = model.spec().heads(), kv = model.spec().kvHeads();
        int[] groupOf = new int[heads];
        for (int h = 0; h < heads; h++) groupOf[h] = h / (heads / kv);
        return expandKvHeads(model, groupOf);
    }

    /** The model with kv head groupOf[h] copied out for every query head h (kvHeads = heads). */
    private static Transformer expandKvHeads(Transformer model, int[] groupOf) {
        ModelSpec s = model.spec();
        ModelSpec spec = new ModelSpec(s.family(), s.modelType(), s.vocabSize(), s.dModel(), s.layers(), s.heads(), s.heads(),
                s.headDim(), s.dFf(), s.maxPositions(), s.activation(), s.postNorm(), s.parallelResidual(),
                s.rotaryFraction(), s.ropeTheta(), s.tiedEmbeddings());
        List<Block> blocks = new ArrayList<>();
        for (Block b : model.blocks()) {
            Attention a = b.attention();
            Attention wide = new Attention(a.heads(), a.heads(), a.headDim(), a.q(), expand(a.k(), a, groupOf),
                    expand(a.v(), a, groupOf), a.o(), a.qBias(), null, null, a.oBias());
            blocks.add(new Block(b.index(), b.attnNorm(), wide, b.mlpNorm(), b.mlp()));
        }
        return new Transformer(model.name() + "-expanded", spec, model.embeddings(), blocks, model.finalNorm(),
                model.unembedding(), model.unembeddingBias());
    }

    private static Matrix expand(Matrix kv, Attention a, int[] groupOf) {
        int dh = a.headDim(), d = kv.cols();
        float[] out = new float[a.heads() * dh * d];
        for (int h = 0; h < a.heads(); h++) {
            for (int j = 0; j < dh; j++) {
                System.arraycopy(kv.row(groupOf[h] * dh + j), 0, out, (h * dh + j) * d, d);
            }
        }
        return Matrix.wrap(out, a.heads() * dh, d);
    }

    private static int[][] tokenTypes(int[][] ids) {
        int[][] types = new int[ids.length][];
        for (int s = 0; s < ids.length; s++) {
            types[s] = new int[ids[s].length];
            // a second segment from the middle on, as a sentence pair would have
            for (int p = ids[s].length / 2; p < ids[s].length; p++) types[s][p] = 1;
        }
        return types;
    }

    private static double[][] columns(double[][] rows, int from, int width) {
        return Stream.of(rows).map(r -> java.util.Arrays.copyOfRange(r, from, from + width)).toArray(double[][]::new);
    }

    private static double[][] toDouble(Matrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) out[r][c] = m.get(r, c);
        return out;
    }

    static void assertClose(double[][] expected, Matrix actual, String what) {
        assertEquals(expected.length, actual.rows(), what + ": rows");
        double worst = 0;
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual.cols(), what + ": columns");
            for (int c = 0; c < expected[r].length; c++) worst = Math.max(worst, Math.abs(expected[r][c] - actual.get(r, c)));
        }
        assertTrue(worst < TOLERANCE, what + ": max abs diff " + worst);
    }

    static double maxDiff(Matrix a, Matrix b) {
        assertEquals(a.rows(), b.rows());
        assertEquals(a.cols(), b.cols());
        double worst = 0;
        for (int r = 0; r < a.rows(); r++) for (int c = 0; c < a.cols(); c++) worst = Math.max(worst, Math.abs(a.get(r, c) - b.get(r, c)));
        return worst;
    }
}
