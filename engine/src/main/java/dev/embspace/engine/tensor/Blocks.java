package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Byte-level reads shared by the quantized formats' decoders. A block is first copied out of the
 * segment in one move, then decoded from the array: per-byte segment reads cost a bounds check each.
 */
final class Blocks {

    private Blocks() {
    }

    /** The {@code bytes} bytes of block {@code block}. */
    static byte[] read(MemorySegment s, long block, int bytes) {
        byte[] out = new byte[bytes];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, block * bytes, out, 0, bytes);
        return out;
    }

    /** An unsigned byte. */
    static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    /** A signed byte. */
    static int i8(byte[] b, int at) {
        return b[at];
    }

    /** An IEEE half-precision scale, widened. */
    static float f16(byte[] b, int at) {
        return Float.float16ToFloat((short) ((b[at] & 0xFF) | (b[at + 1] << 8)));
    }

    /** A little-endian 32-bit word (the fifth bits of Q5_0 and Q5_1). */
    static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /**
     * The 6-bit scale ({@code min == false}) or minimum of sub-block {@code j} (0..7) of a Q4_K or
     * Q5_K super-block, whose 12 scale bytes start at {@code at}: sub-blocks 0-3 keep both in the low
     * six bits of bytes j and j + 4; sub-blocks 4-7 split theirs into a nibble of byte j + 4 and the
     * two high bits of bytes j - 4 (scale) and j (minimum).
     */
    static int scaleOrMinK4(byte[] b, int at, int j, boolean min) {
        if (j < 4) return u8(b, at + j + (min ? 4 : 0)) & 63;
        int packed = u8(b, at + j + 4);
        int low = min ? packed >>> 4 : packed & 0xF;
        int high = u8(b, at + j - (min ? 0 : 4)) >>> 6;
        return low | (high << 4);
    }
}
