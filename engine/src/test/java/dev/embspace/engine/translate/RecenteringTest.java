package dev.embspace.engine.translate;

import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecenteringTest {

    @Test
    void shiftsEveryRowByTheSameVectorSoTheMeanIsTheTarget() {
        Matrix x = Matrix.wrap(new float[]{1, 10, 3, 20, 5, 30}, 3, 2); // means 3 and 20
        Matrix moved = Recentering.toMean(x, new float[]{0, -1});
        assertArrayEquals(new float[]{-2, -11, 0, -1, 2, 9}, moved.toArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Recentering.toMean(x, new float[]{0}));
    }
}
