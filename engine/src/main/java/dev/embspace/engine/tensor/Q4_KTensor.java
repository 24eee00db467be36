package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_K: super-blocks of 256 as f16 d and dmin, 12 bytes of packed 6-bit sub-block scales and
 * minimums (see {@link Blocks#scaleOrMinK4}), and 128 bytes of nibbles. Each 64 elements share 32
 * bytes: the low nibbles are the first sub-block, the high nibbles the second; element value
 * x = d sc q - dmin m.
 */
public record Q4_KTensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q4_K;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 144);
        float d = Blocks.f16(b, 0);
        float dmin = Blocks.f16(b, 2);
        int scales = 4;
        int qs = 16;
        for (int c = 0; c < 4; c++) {
            float d1 = d * Blocks.scaleOrMinK4(b, scales, 2 * c, false);
            float m1 = dmin * Blocks.scaleOrMinK4(b, scales, 2 * c, true);
            float d2 = d * Blocks.scaleOrMinK4(b, scales, 2 * c + 1, false);
            float m2 = dmin * Blocks.scaleOrMinK4(b, scales, 2 * c + 1, true);
            int out = offset + 64 * c;
            for (int l = 0; l < 32; l++) {
                int q = Blocks.u8(b, qs + 32 * c + l);
                dst[out + l] = d1 * (q & 0xF) - m1;
                dst[out + 32 + l] = d2 * (q >>> 4) - m2;
            }
        }
    }
}
