package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/** Q4_1: f16 scale d and minimum m, then nibbles as in Q4_0 but unsigned: x = q d + m. */
public record Q4_1Tensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q4_1;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 20);
        float d = Blocks.f16(b, 0);
        float m = Blocks.f16(b, 2);
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, 4 + j);
            dst[offset + j] = (q & 0xF) * d + m;
            dst[offset + j + 16] = (q >>> 4) * d + m;
        }
    }
}
