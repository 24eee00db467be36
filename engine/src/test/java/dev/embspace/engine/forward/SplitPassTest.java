package dev.embspace.engine.forward;

import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A pass cut after any block and resumed from there is the whole pass (what stitching relies on). */
class SplitPassTest {

    @Test
    void stoppingAndResumingAtEveryBlockGivesTheWholePass() {
        for (Transformer model : List.of(TinyTransformers.bert(1), TinyTransformers.gpt2(2), TinyTransformers.llama(5, 4, 2))) {
            ForwardPass pass = ForwardPass.of(model);
            int[][] ids = TinyTransformers.ids(7, 9, 1, 5);
            ForwardResult whole = pass.run(ids, null, Capture.residualStream());
            for (int cut = 0; cut <= model.layers(); cut++) {
                Matrix residual = pass.residualAfter(ids, cut);
                if (cut > 0) assertArrayEquals(whole.layer(cut - 1).residual().toArray(), residual.toArray(), model.name() + " cut " + cut);
                ForwardResult resumed = pass.resume(ids, residual, cut, Capture.residualStream());
                assertArrayEquals(whole.lastHiddenStatesPacked().toArray(), resumed.lastHiddenStatesPacked().toArray(),
                        model.name() + " resumed at " + cut);
                for (int l = 0; l < model.layers(); l++) {
                    assertEquals(l < cut, resumed.layers().get(l) == null, "layers below the cut are not captured");
                }
            }
        }
    }

    @Test
    void aResidualOfTheWrongShapeIsRejected() {
        ForwardPass pass = ForwardPass.of(TinyTransformers.bert(1));
        int[][] ids = TinyTransformers.ids(7, 4);
        assertThrows(IllegalArgumentException.class, () -> pass.resume(ids, Matrix.wrap(new float[3 * TinyTransformers.D], 3, TinyTransformers.D), 0, Capture.none()));
        assertThrows(IllegalArgumentException.class, () -> pass.residualAfter(ids, TinyTransformers.LAYERS + 1));
    }
}
