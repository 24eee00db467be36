package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/** IEEE half precision, widened with {@link Float#float16ToFloat(short)}. */
public record F16Tensor(MemorySegment segment, int[] shape) implements Tensor {

    @Override
    public DType dtype() {
        return DType.F16;
    }

    @Override
    public float get(long i) {
        return Float.float16ToFloat(segment.getAtIndex(I16_LE, i));
    }
}
