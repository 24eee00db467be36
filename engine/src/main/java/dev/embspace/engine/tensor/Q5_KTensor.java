package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_K: Q4_K's layout with 32 bytes of fifth bits before the nibbles. For the c-th group of 64
 * elements, bit 2c of byte l is the fifth bit of element 64c + l and bit 2c + 1 that of
 * 64c + 32 + l.
 */
public record Q5_KTensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q5_K;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 176);
        float d = Blocks.f16(b, 0);
        float dmin = Blocks.f16(b, 2);
        int scales = 4;
        int qh = 16;
        int qs = 48;
        for (int c = 0; c < 4; c++) {
            float d1 = d * Blocks.scaleOrMinK4(b, scales, 2 * c, false);
            float m1 = dmin * Blocks.scaleOrMinK4(b, scales, 2 * c, true);
            float d2 = d * Blocks.scaleOrMinK4(b, scales, 2 * c + 1, false);
            float m2 = dmin * Blocks.scaleOrMinK4(b, scales, 2 * c + 1, true);
            int out = offset + 64 * c;
            for (int l = 0; l < 32; l++) {
                int q = Blocks.u8(b, qs + 32 * c + l);
                int h = Blocks.u8(b, qh + l);
                int q0 = (q & 0xF) + (((h >>> (2 * c)) & 1) << 4);
                int q1 = (q >>> 4) + (((h >>> (2 * c + 1)) & 1) << 4);
                dst[out + l] = d1 * q0 - m1;
                dst[out + 32 + l] = d2 * q1 - m2;
            }
        }
    }
}
