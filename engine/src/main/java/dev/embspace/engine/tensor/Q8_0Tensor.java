package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/** Q8_0: blocks of an f16 scale d and 32 int8 values q; x = q d. */
public record Q8_0Tensor(MemorySegment segment, int[] shape) implements QuantizedTensor {

    @Override
    public DType dtype() {
        return DType.Q8_0;
    }

    @Override
    public void dequantizeBlock(long block, float[] dst, int offset) {
        byte[] b = Blocks.read(segment, block, 34);
        float d = Blocks.f16(b, 0);
        for (int j = 0; j < 32; j++) dst[offset + j] = Blocks.i8(b, 2 + j) * d;
    }
}
