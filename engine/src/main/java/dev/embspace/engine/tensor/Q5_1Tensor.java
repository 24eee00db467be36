package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/** Q5_1: f16 scale d and minimum m, the fifth-bit word, nibbles; unsigned: x = q d + m. */
public record Q5_1Tensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q5_1;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 24);
        float d = Blocks.f16(b, 0);
        float m = Blocks.f16(b, 2);
        int high = Blocks.u32(b, 4);
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, 8 + j);
            int q0 = (q & 0xF) | (((high >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((high >>> (j + 16)) & 1) << 4);
            dst[offset + j] = q0 * d + m;
            dst[offset + j + 16] = q1 * d + m;
        }
    }
}
