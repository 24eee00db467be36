package dev.embspace.engine.forward.trace;

import dev.embspace.engine.forward.ForwardHook;
import dev.embspace.engine.forward.ForwardHook.Point;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.Intervention;
import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceTest {

    private static List<Transformer> models() {
        return List.of(TinyTransformers.bert(31), TinyTransformers.gpt2(32), TinyTransformers.neox(33, 0.5f, true),
                TinyTransformers.neox(34, 0.25f, false), TinyTransformers.llama(35, 4, 2));
    }

    /** Under the frozen-norm convention the parts of a logit sum to it, for every family and wiring. */
    @Test
    void attributionPartsSumToTheLogit() {
        Random random = new Random(36);
        for (Transformer model : models()) {
            int[] ids = TinyTransformers.ids(37, 9)[0];
            TracedRun run = Trace.of(model, EmbeddingSide.OUTPUT).run(ids, null, ForwardHook.NONE);
            for (int trial = 0; trial < 5; trial++) {
                int position = random.nextInt(ids.length);
                int token = random.nextInt(TinyTransformers.VOCAB);
                Attribution a = run.attribute(position, token);
                double logit = dot(model.unembedding().row(token), run.lastHiddenState().row(position));
                assertEquals(logit, a.logit(), 1e-5, model.name());
                assertEquals(a.logit(), a.sum(), 1e-4, model.name() + " position " + position + " token " + token);
                int units = model.block(0).mlp().units();
                long ffParts = a.parts().stream().filter(p -> p.component().matches("L\\d+\\.ff\\.\\d+")).count();
                assertEquals((long) units * model.layers(), ffParts, "one part per FF unit");
            }
        }
    }

    /** A pre-norm layer's head parts add up to what its attention wrote, read through the frozen final norm. */
    @Test
    void headPartsAddUpToTheRecordedAttentionOutput() {
        Transformer model = TinyTransformers.gpt2(38);
        int[] ids = TinyTransformers.ids(39, 7)[0];
        TracedRun run = Trace.of(model, EmbeddingSide.OUTPUT).run(ids, null, ForwardHook.NONE);
        int position = 4, token = 11, layer = 1;
        Attribution a = run.attribute(position, token);
        double heads = a.parts().stream().filter(p -> p.component().startsWith("L1.head.") || p.component().equals("L1.attn.bias"))
                .mapToDouble(Attribution.Part::value).sum();
        ResidualPath path = ResidualPath.at(model, recorderOf(run), null, position);
        double[] g = path.readings(toDouble(model.unembedding().row(token)))[path.attentionStart(layer)];
        float[] written = run.stream(layer, Point.ATTN_OUT).row(position);
        double expected = 0;
        for (int c = 0; c < g.length; c++) expected += g[c] * written[c];
        assertEquals(expected, heads, 1e-5);
    }

    @Test
    void anEmptyInterventionIsThePlainPassBitForBit() {
        for (Transformer model : models()) {
            int[] ids = TinyTransformers.ids(40, 8)[0];
            Matrix plain = ForwardPass.of(model).run(new int[][]{ids}).lastHiddenState(0);
            Trace trace = Trace.of(model, EmbeddingSide.OUTPUT);
            Intervention empty = Intervention.parse(List.of(), List.of());
            assertArrayEquals(plain.toArray(), trace.run(ids, null, empty).lastHiddenState().toArray(), model.name());
            // scaling by one multiplies by exactly 1.0f
            Intervention identity = Intervention.parse(List.of(), List.of("L0.ff.3=1", "L1.head.1=1"));
            assertArrayEquals(plain.toArray(), trace.run(ids, null, identity).lastHiddenState().toArray(), model.name());
        }
    }

    /** Ablating a unit of layer 1 leaves layer 0 and layer 1 up to its FF coefficients as they were, and changes the rest. */
    @Test
    void ablatingAUnitChangesExactlyWhatComesAfterIt() {
        for (Transformer model : models()) {
            int[] ids = TinyTransformers.ids(41, 8)[0];
            Trace trace = Trace.of(model, EmbeddingSide.OUTPUT);
            TracedRun plain = trace.run(ids, null, ForwardHook.NONE);
            int unit = strongestUnit(plain, 1, ids.length - 1);
            TracedRun ablated = trace.run(ids, null, Intervention.parse(List.of("L1.ff." + unit), List.of()));
            for (Point p : Point.values()) assertSame(plain, ablated, 0, p, model);
            for (Point p : List.of(Point.PRE_ATTN, Point.ATTN_OUT)) assertSame(plain, ablated, 1, p, model);
            if (!model.spec().parallelResidual()) assertSame(plain, ablated, 1, Point.POST_ATTN, model);
            assertFalse(java.util.Arrays.equals(plain.stream(1, Point.FF_OUT).toArray(), ablated.stream(1, Point.FF_OUT).toArray()));
            assertFalse(java.util.Arrays.equals(plain.lastHiddenState().toArray(), ablated.lastHiddenState().toArray()));
        }
    }

    /** Ablating a head removes exactly its output from what attention writes (the sublayer is linear in z). */
    @Test
    void ablatingAHeadRemovesItsOutput() {
        Transformer model = TinyTransformers.gpt2(42);
        int[] ids = TinyTransformers.ids(43, 6)[0];
        Trace trace = Trace.of(model, EmbeddingSide.OUTPUT);
        TracedRun plain = trace.run(ids, null, ForwardHook.NONE);
        TracedRun ablated = trace.run(ids, null, Intervention.parse(List.of("L0.head.2"), List.of()));
        int dh = model.block(0).attention().headDim(), heads = model.block(0).attention().heads();
        float[] z = recorderOf(plain).heads(0);
        for (int p = 0; p < ids.length; p++) {
            float[] before = plain.stream(0, Point.ATTN_OUT).row(p), after = ablated.stream(0, Point.ATTN_OUT).row(p);
            for (int c = 0; c < before.length; c++) {
                double head = 0;
                for (int j = 0; j < dh; j++) head += z[p * heads * dh + 2 * dh + j] * model.block(0).attention().o().get(2 * dh + j, c);
                assertEquals(before[c] - head, after[c], 1e-5);
            }
        }
        assertEquals(0f, recorderOf(ablated).heads(0)[2 * dh], 0f);
    }

    @Test
    void interventionsNameWhatTheyCannotParse() {
        assertThrows(IllegalArgumentException.class, () -> Intervention.parse(List.of("L3.attn.2"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Intervention.parse(List.of(), List.of("L3.ff.2")));
        assertThrows(IllegalArgumentException.class, () -> Intervention.parse(List.of(), List.of("L3.ff.2=x")));
        Transformer model = TinyTransformers.gpt2(44);
        assertThrows(IllegalArgumentException.class, () -> Intervention.parse(List.of("L9.ff.0"), List.of()).checkedAgainst(model));
        assertThrows(IllegalArgumentException.class, () -> Intervention.parse(List.of("L0.head.4"), List.of()).checkedAgainst(model));
        Intervention.Scaling s = Intervention.parse(List.of(), List.of("L1.ff.7=2.5")).scalings().getFirst();
        assertEquals(new Intervention.Scaling(1, Intervention.Target.FF, 7, 2.5f), s);
        assertEquals("L1.ff.7", s.address());
    }

    /** Reading a position: three lens points per layer, FF updates ranked by |m| ||v||, one reading per head. */
    @Test
    void readsEveryLayer() {
        Transformer model = TinyTransformers.llama(45, 4, 2);
        int[] ids = TinyTransformers.ids(46, 5)[0];
        TracedRun run = Trace.of(model, EmbeddingSide.OUTPUT).run(ids, null, ForwardHook.NONE);
        PositionTrace t = run.read(new int[]{4}, new TraceOptions(3, 4, null, false)).getFirst();
        assertEquals(model.layers(), t.layers().size());
        for (PositionTrace.LayerTrace layer : t.layers()) {
            assertEquals(3, layer.preAttn().size());
            assertEquals(4, layer.ffUpdates().size());
            assertEquals(4, layer.heads().size());
            for (int i = 1; i < layer.ffUpdates().size(); i++) {
                assertTrue(layer.ffUpdates().get(i - 1).weight() >= layer.ffUpdates().get(i).weight());
            }
        }
        assertEquals(t.layers().get(0).postFf(), t.layers().get(1).preAttn());
        assertEquals(t.layers().getLast().postFf(), t.predictions());
    }

    private static int strongestUnit(TracedRun run, int layer, int position) {
        float[] hidden = recorderOf(run).hidden(layer);
        int units = hidden.length / run.length(), best = 0;
        for (int i = 1; i < units; i++) {
            if (Math.abs(hidden[position * units + i]) > Math.abs(hidden[position * units + best])) best = i;
        }
        return best;
    }

    private static void assertSame(TracedRun a, TracedRun b, int layer, Point point, Transformer model) {
        assertArrayEquals(a.stream(layer, point).toArray(), b.stream(layer, point).toArray(), model.name() + " L" + layer + " " + point);
    }

    private static StreamRecorder recorderOf(TracedRun run) {
        return run.recorded();
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
