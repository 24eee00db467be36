package dev.embspace.io.gguf;

import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every type read from a GGUF file decodes to exactly the values the reference quantizer encoded,
 * whole, element by element and in unaligned runs, and those values are close to the originals.
 */
class GgufDequantizationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(DType.class)
    void decodesTheReferenceValues(DType type) throws IOException {
        Random rnd = new Random(type.ordinal() * 31L + 5);
        int rows = 5, cols = 512;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * (i % 97 == 0 ? 4 : 0.5));
        for (int i = 0; i < 32; i++) x[cols + i] = 0; // an all-zero block
        float[] expected = type.quantized() ? ReferenceQuantizer.quantize(type, x).values() : stored(type, x);

        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "test");
        w.tensor("w", type, new int[] {rows, cols}, ReferenceQuantizer.encode(type, x));
        Path file = w.write(tmp.resolve(type + ".gguf"));

        try (GgufFile gguf = GgufFile.open(file)) {
            Tensor t = gguf.tensor("w");
            assertEquals(type, t.dtype());
            assertArrayEquals(new int[] {rows, cols}, t.shape());
            assertArrayEquals(expected, t.toFloatArray(), type + " decodes to the reference values");
            for (int k = 0; k < 200; k++) {
                int i = rnd.nextInt(x.length);
                assertEquals(expected[i], t.get(i), "element " + i);
            }
            for (int k = 0; k < 50; k++) {
                int from = rnd.nextInt(x.length - 1);
                int length = 1 + rnd.nextInt(Math.min(700, x.length - from));
                float[] run = new float[length];
                t.copyTo(from, run, 0, length);
                for (int j = 0; j < length; j++) assertEquals(expected[from + j], run[j], "run from " + from);
            }
        }
        double err = 0, norm = 0;
        for (int i = 0; i < x.length; i++) {
            err += (expected[i] - x[i]) * (expected[i] - x[i]);
            norm += x[i] * x[i];
        }
        double relative = Math.sqrt(err / norm);
        double bound = switch (type) {
            case F32, F16, BF16 -> 0.01;
            case Q8_0, Q6_K -> 0.05;
            case Q5_0, Q5_1, Q5_K -> 0.1;
            default -> 0.2;
        };
        assertTrue(relative < bound, type + " relative error " + relative);
    }

    private static float[] stored(DType type, float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = switch (type) {
                case F32 -> x[i];
                case F16 -> Float.float16ToFloat(Float.floatToFloat16(x[i]));
                default -> Float.intBitsToFloat(dev.embspace.engine.tensor.BF16Tensor.fromFloat(x[i]) << 16);
            };
        }
        return out;
    }
}
