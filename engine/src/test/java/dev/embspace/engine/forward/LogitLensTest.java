package dev.embspace.engine.forward;

import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogitLensTest {

    private static final int K = 5;

    /** The last layer through the lens is the model's own last hidden state read by E. */
    @Test
    void lastLayerReadsTheLastHiddenState() {
        for (Transformer model : List.of(TinyTransformers.gpt2(21), TinyTransformers.llama(22, 4, 2), TinyTransformers.bert(23))) {
            int[][] ids = TinyTransformers.ids(24, 4, 7);
            ForwardResult result = ForwardPass.of(model).run(ids, null, Capture.residualStream());
            LogitLens lens = LogitLens.of(model, EmbeddingSide.OUTPUT);
            for (int s = 0; s < ids.length; s++) {
                List<List<Projection>> read = lens.read(result, s, K, id -> true);
                assertEquals(model.layers(), read.size());
                List<Projection> last = read.get(model.layers() - 1);
                Matrix hidden = result.lastHiddenState(s);
                for (int p = 0; p < ids[s].length; p++) {
                    assertEquals(bruteForceTop(model.unembedding(), hidden.row(p), K), ids(last.get(p)),
                            model.name() + " sequence " + s + " position " + p);
                }
            }
        }
    }

    /** Every earlier layer goes through the final norm, then E: checked by hand on one position. */
    @Test
    void earlierLayersGoThroughTheFinalNorm() {
        Transformer model = TinyTransformers.neox(25, 0.5f, true);
        int[][] ids = TinyTransformers.ids(26, 6);
        ForwardResult result = ForwardPass.of(model).run(ids, null, Capture.residualStream());
        List<Projection> first = LogitLens.of(model, EmbeddingSide.OUTPUT).read(result, 0, K, id -> id % 2 == 0).get(0);
        float[] residual = result.layer(0).residual(0).row(3);
        float[] normed = LayerNorms.of(model.finalNorm()).applied(residual, 1);
        List<Integer> expected = bruteForceTop(model.unembedding(), normed, model.unembedding().rows()).stream().filter(id -> id % 2 == 0).limit(K).toList();
        assertEquals(expected, ids(first.get(3)));
    }

    private static List<Integer> ids(Projection p) {
        return p.top().stream().map(t -> t.id()).toList();
    }

    private static List<Integer> bruteForceTop(Matrix e, float[] x, int k) {
        double[] scores = new double[e.rows()];
        for (int t = 0; t < e.rows(); t++) {
            for (int c = 0; c < e.cols(); c++) scores[t] += (double) e.get(t, c) * x[c];
        }
        return IntStream.range(0, e.rows()).boxed()
                .sorted((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b))
                .limit(k).toList();
    }
}
