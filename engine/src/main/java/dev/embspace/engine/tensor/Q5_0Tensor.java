package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q5_0: an f16 scale d, a 32-bit word of fifth bits (bit j for element j), then nibbles as in
 * Q4_0; the 5-bit value is offset by 16: x = (q - 16) d.
 */
public record Q5_0Tensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q5_0;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 22);
        float d = Blocks.f16(b, 0);
        int high = Blocks.u32(b, 2);
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, 6 + j);
            int q0 = (q & 0xF) | (((high >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((high >>> (j + 16)) & 1) << 4);
            dst[offset + j] = (q0 - 16) * d;
            dst[offset + j + 16] = (q1 - 16) * d;
        }
    }
}
