package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Byte-level reads shared by the quantized formats' decoders. */
final class Blocks {

    private Blocks() {
    }

    /** An unsigned byte. */
    static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    /** A signed byte. */
    static int i8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at);
    }

    /** An IEEE half-precision scale, widened. */
    static float f16(MemorySegment s, long at) {
        return Float.float16ToFloat(s.get(Tensor.I16_LE, at));
    }

    /** A little-endian 32-bit word (the fifth bits of Q5_0 and Q5_1). */
    static int u32(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), at);
    }

    /**
     * The 6-bit scale ({@code min == false}) or minimum of sub-block {@code j} (0..7) of a Q4_K or
     * Q5_K super-block, whose 12 scale bytes start at {@code at}: sub-blocks 0-3 keep both in the low
     * six bits of bytes j and j + 4; sub-blocks 4-7 split theirs into a nibble of byte j + 4 and the
     * two high bits of bytes j - 4 (scale) and j (minimum).
     */
    static int scaleOrMinK4(MemorySegment s, long at, int j, boolean min) {
        if (j < 4) return u8(s, at + j + (min ? 4 : 0)) & 63;
        int packed = u8(s, at + j + 4);
        int low = min ? packed >>> 4 : packed & 0xF;
        int high = u8(s, at + j - (min ? 0 : 4)) >>> 6;
        return low | (high << 4);
    }
}
