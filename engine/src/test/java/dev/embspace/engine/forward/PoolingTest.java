package dev.embspace.engine.forward;

import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolingTest {

    private final Matrix hidden = Matrix.wrap(new float[] {1, 2, 3, 4, 5, 9}, 3, 2);

    @Test
    void meanAveragesEveryToken() {
        assertArrayEquals(new float[] {3, 5}, Pooling.MEAN.pool(hidden));
    }

    @Test
    void clsTakesTheFirstToken() {
        assertArrayEquals(new float[] {1, 2}, Pooling.CLS.pool(hidden));
    }

    @Test
    void lastTakesTheLastToken() {
        assertArrayEquals(new float[] {5, 9}, Pooling.LAST.pool(hidden));
    }

    /** Within a ragged batch, a short sequence's mean covers its own tokens only. */
    @Test
    void aBatchedSequencePoolsOnlyItsTokens() {
        var model = TinyTransformers.bert(41);
        int[][] ids = TinyTransformers.ids(42, 9, 2);
        ForwardResult batched = ForwardPass.of(model).run(ids);
        ForwardResult alone = ForwardPass.of(model).run(new int[][] {ids[1]});
        float[] a = Pooling.MEAN.pool(batched.lastHiddenState(1));
        float[] b = Pooling.MEAN.pool(alone.lastHiddenState(0));
        for (int c = 0; c < a.length; c++) assertEquals(b[c], a[c], 1e-5);
    }

    @Test
    void parsesNamesAndRejectsOthers() {
        assertEquals(Pooling.MEAN, Pooling.parse("mean"));
        assertEquals(Pooling.CLS, Pooling.parse("CLS"));
        for (Pooling p : Pooling.values()) assertEquals(p, Pooling.parse(p.label()));
        assertThrows(IllegalArgumentException.class, () -> Pooling.parse("max"));
        assertThrows(IllegalArgumentException.class, () -> Pooling.MEAN.pool(Matrix.wrap(new float[0], 0, 2)));
    }
}
