package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Quantized weights are decoded inside the panel packing, block by block: the packed panels must
 * equal those packed from the dequantized matrix, for row views (E, keys) and transposed views (the
 * vectors Llama's o_proj and down_proj write), whole and in row ranges; and products over quantized
 * operands match the scalar reference over the dequantized floats.
 */
class QuantizedPackingTest {

    /** Random blocks with finite scales: every f16 scale field set to a small random float. */
    static Tensor randomQuantized(Random rnd, DType type, int rows, int cols) {
        byte[] bytes = new byte[Math.toIntExact(type.byteSize((long) rows * cols))];
        rnd.nextBytes(bytes);
        MemorySegment s = MemorySegment.ofArray(bytes);
        for (long b = 0; b < bytes.length / type.blockBytes(); b++) {
            long base = b * type.blockBytes();
            for (int at : scaleOffsets(type)) {
                s.set(Tensor.I16_LE, base + at, Float.floatToFloat16((float) (rnd.nextGaussian() * 0.05)));
            }
        }
        return Tensor.of(type, s, rows, cols);
    }

    private static int[] scaleOffsets(DType type) {
        return switch (type) {
            case Q8_0, Q4_0, Q5_0 -> new int[] {0};
            case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static float[] pack(Matrix m, int from, int count, int width) {
        float[] dst = new float[PanelPacker.packedSize(count, width, m.cols())];
        PanelPacker.pack(m, null, from, count, width, dst, 0, new float[m.cols()]);
        return dst;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
    void packedPanelsEqualDequantizeThenPack(DType type) {
        Random rnd = new Random(type.ordinal());
        int rows = 37, cols = 512;
        Tensor q = randomQuantized(rnd, type, rows, cols);
        Matrix quantized = Matrix.of(q, rows, cols);
        Matrix dense = Matrix.wrap(q.toFloatArray(), rows, cols);
        for (int width : new int[] {4, 16, 32}) {
            assertArrayEquals(pack(dense, 0, rows, width), pack(quantized, 0, rows, width), type + " rows, width " + width);
            assertArrayEquals(pack(dense, 5, 20, width), pack(quantized, 5, 20, width), type + " row range");
            Matrix qt = quantized.transpose();
            Matrix dt = dense.transpose();
            assertArrayEquals(pack(dt, 0, cols, width), pack(qt, 0, cols, width), type + " columns, width " + width);
            assertArrayEquals(pack(dt, 100, 77, width), pack(qt, 100, 77, width), type + " column range");
            assertArrayEquals(pack(dt.rowRange(0, 300).colRange(3, 30), 7, 200, width),
                    pack(qt.rowRange(0, 300).colRange(3, 30), 7, 200, width), type + " sliced columns");
        }
    }

    @Test
    void productsOverQuantizedOperandsMatchTheReference() {
        Random rnd = new Random(9);
        for (DType type : new DType[] {DType.Q8_0, DType.Q4_K, DType.Q6_K}) {
            Tensor a = randomQuantized(rnd, type, 70, 256);
            Tensor b = randomQuantized(rnd, type, 256, 256);
            Matrix qa = Matrix.of(a, 70, 256);
            Matrix qb = Matrix.of(b, 256, 256).transpose(); // vectors as columns, as down_proj's values are
            float[] fast = new float[70 * 256];
            float[] reference = new float[70 * 256];
            Gemm.get().multiplyTransposed(qa, qb, fast);
            Matrix da = Matrix.wrap(a.toFloatArray(), 70, 256);
            Matrix db = Matrix.wrap(b.toFloatArray(), 256, 256).transpose().materialize();
            Gemm.scalar().multiplyTransposed(da, db, reference);
            for (int i = 0; i < 70; i++) {
                for (int j = 0; j < 256; j++) {
                    // summation order differs, so the tolerance scales with the terms, not the sum
                    double scale = norm(da.row(i)) * norm(db.row(j));
                    assertEquals(reference[i * 256 + j], fast[i * 256 + j], 1e-5 * scale, type + " at " + i + "," + j);
                }
            }
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }
}
