package dev.embspace.engine.probe;

import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StandardizerTest {

    @Test
    void centresAndScalesEachColumn() {
        // columns: spread 1 around 10, spread 2 around -1, spread 3 around 0
        Matrix x = Matrix.wrap(new float[]{9, -3, 3, 11, 1, -3}, 2, 3);
        Standardizer s = Standardizer.fit(x);
        assertArrayEquals(new double[]{10, -1, 0}, s.mean(), 1e-12);
        assertArrayEquals(new double[]{1, 2, 3}, s.scale(), 1e-12);
        assertArrayEquals(new double[]{-1, -1, 1, 1, 1, -1}, s.apply(x), 1e-12);
    }

    @Test
    void aNearlyConstantFeatureIsNotBlownUpToUnitSpread() {
        float[] data = new float[3 * 4];
        for (int i = 0; i < 4; i++) {
            data[i * 3] = i;                       // spread ~1.1, the median
            data[i * 3 + 1] = 2 * i;               // spread ~2.2
            data[i * 3 + 2] = 5 + (i % 2) * 1e-6f; // float noise around 5
        }
        Standardizer s = Standardizer.fit(Matrix.wrap(data, 4, 3));
        assertEquals(Standardizer.RELATIVE_FLOOR * s.scale()[0], s.scale()[2], 1e-12, "floored at a share of the median spread");
        assertEquals(1.0, Standardizer.fit(Matrix.wrap(new float[]{4, 4, 4, 4}, 4, 1)).scale()[0], "all constant: scale 1");
    }
}
