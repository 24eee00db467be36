package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q6_K: super-blocks of 256 as 128 bytes of low nibbles, 64 bytes of high bit pairs, 16 int8
 * sub-block scales and an f16 d. Each half of 128 elements uses 64 nibble bytes and 32 high bytes:
 * for l < 32, elements l, l + 32, l + 64, l + 96 take the low nibbles of bytes l and l + 32, then
 * their high nibbles, with bit pairs 0, 1, 2, 3 of high byte l; values are offset by 32 and scaled
 * by d times their 16-element sub-block's scale.
 */
public record Q6_KTensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q6_K;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 210);
        float d = Blocks.f16(b, 208);
        for (int half = 0; half < 2; half++) {
            int ql = 64 * half;
            int qh = 128 + 32 * half;
            int sc = 192 + 8 * half;
            int out = offset + 128 * half;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int lo1 = Blocks.u8(b, ql + l);
                int lo2 = Blocks.u8(b, ql + l + 32);
                int h = Blocks.u8(b, qh + l);
                int q1 = ((lo1 & 0xF) | ((h & 3) << 4)) - 32;
                int q2 = ((lo2 & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                int q3 = ((lo1 >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                int q4 = ((lo2 >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                dst[out + l] = d * Blocks.i8(b, sc + is) * q1;
                dst[out + l + 32] = d * Blocks.i8(b, sc + is + 2) * q2;
                dst[out + l + 64] = d * Blocks.i8(b, sc + is + 4) * q3;
                dst[out + l + 96] = d * Blocks.i8(b, sc + is + 6) * q4;
            }
        }
    }
}
