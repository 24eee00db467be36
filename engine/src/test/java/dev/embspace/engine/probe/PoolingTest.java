package dev.embspace.engine.probe;

import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolingTest {

    private final Matrix states = Matrix.wrap(new float[]{1, 2, 3, 4, 8, 9}, 3, 2);

    @Test
    void poolsTheMeanTheFirstAndTheLastToken() {
        assertArrayEquals(new float[]{4, 5}, Pooling.MEAN.pool(states));
        assertArrayEquals(new float[]{1, 2}, Pooling.CLS.pool(states));
        assertArrayEquals(new float[]{8, 9}, Pooling.LAST.pool(states));
    }

    @Test
    void parsesItsLabelsAndRejectsOthers() {
        for (Pooling p : Pooling.values()) assertEquals(p, Pooling.parse(p.label()));
        assertEquals("'max' is not a pooling (expected mean, cls or last)",
                assertThrows(IllegalArgumentException.class, () -> Pooling.parse("max")).getMessage());
    }
}
