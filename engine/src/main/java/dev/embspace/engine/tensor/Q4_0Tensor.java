package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Q4_0: an f16 scale d and 16 bytes of nibbles; byte j holds element j in its low nibble and
 * element j + 16 in its high one, each offset by 8: x = (q - 8) d.
 */
public record Q4_0Tensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q4_0;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 18);
        float d = Blocks.f16(b, 0);
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, 2 + j);
            dst[offset + j] = ((q & 0xF) - 8) * d;
            dst[offset + j + 16] = ((q >>> 4) - 8) * d;
        }
    }
}
