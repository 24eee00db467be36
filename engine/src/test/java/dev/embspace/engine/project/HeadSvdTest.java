package dev.embspace.engine.project;

import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class HeadSvdTest {

    /** The full set of directions rebuilds the head's d x d circuit matrix, largest singular value first. */
    @Test
    void directionsReconstructTheCircuitMatrix() {
        for (Transformer model : List.of(TinyTransformers.gpt2(51), TinyTransformers.llama(52, 4, 2), TinyTransformers.bert(53))) {
            Attention attention = model.block(1).attention();
            for (int head = 0; head < attention.heads(); head++) {
                for (Circuit circuit : Circuit.values()) {
                    List<HeadSvd.Direction> dirs = HeadSvd.directions(attention, head, circuit, Integer.MAX_VALUE);
                    assertEquals(attention.headDim(), dirs.size());
                    double[][] w = bruteForce(circuit.fromSide(attention, head).toArray(), circuit.toSide(attention, head).toArray(),
                            attention.headDim(), model.spec().dModel());
                    assertReconstructs(w, dirs, model.name() + " head " + head + " " + circuit);
                }
            }
        }
    }

    /** Reading flips a direction's joint sign so its right side's strongest score is positive. */
    @Test
    void readingFixesTheSign() {
        Transformer model = TinyTransformers.gpt2(54);
        Attention attention = model.block(0).attention();
        List<HeadSvd.Direction> dirs = HeadSvd.directions(attention, 1, Circuit.OV, 4);
        for (HeadSvd.Reading r : HeadSvd.read(model.unembedding(), dirs, 3, null)) {
            assertTrue(r.right().getFirst().score() > 0);
            float[] scores = new float[model.unembedding().rows()];
            for (int t = 0; t < scores.length; t++) {
                double s = 0;
                for (int c = 0; c < r.direction().right().length; c++) s += model.unembedding().get(t, c) * r.direction().right()[c];
                scores[t] = (float) s;
            }
            assertEquals(scores[r.right().getFirst().id()], r.right().getFirst().score(), 1e-5);
        }
    }

    public static void assertReconstructs(double[][] w, List<HeadSvd.Direction> dirs, String what) {
        int d = w.length;
        for (int i = 1; i < dirs.size(); i++) assertTrue(dirs.get(i - 1).singularValue() >= dirs.get(i).singularValue());
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double sum = 0;
                for (HeadSvd.Direction dir : dirs) sum += dir.singularValue() * dir.left()[r] * dir.right()[c];
                assertEquals(w[r][c], sum, 1e-5, what + " entry " + r + "," + c);
            }
        }
    }

    /** from^T to (d x d), in double: W_OV = W_V W_O or W_QK = W_Q W_K^T. */
    public static double[][] bruteForce(float[] from, float[] to, int dh, int d) {
        double[][] w = new double[d][d];
        for (int j = 0; j < dh; j++) {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) w[r][c] += (double) from[j * d + r] * to[j * d + c];
            }
        }
        return w;
    }
}
