package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;

/** bfloat16: the upper half of an IEEE float, so widening is a shift. */
public record BF16Tensor(MemorySegment segment, int[] shape) implements Tensor {

    @Override
    public DType dtype() {
        return DType.BF16;
    }

    @Override
    public float get(long i) {
        return Float.intBitsToFloat(segment.getAtIndex(I16_LE, i) << 16);
    }

    /** Rounds to nearest even, as torch does when it casts float32 to bfloat16. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
