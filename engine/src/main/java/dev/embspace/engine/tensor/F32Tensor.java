package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

public record F32Tensor(MemorySegment segment, int[] shape) implements Tensor {

    @Override
    public DType dtype() {
        return DType.F32;
    }

    @Override
    public float get(long i) {
        return segment.getAtIndex(F32_LE, i);
    }

    @Override
    public void copyTo(long from, float[] dst, int dstOffset, int length) {
        MemorySegment.copy(segment, F32_LE, from * Float.BYTES, dst, dstOffset, length);
    }
}
