package dev.embspace.engine.tensor;

/**
 * The element types the engine reads, each widened to float on the fly. A type is stored in
 * blocks: a dense type is a block of one element, a llama.cpp quantized type packs
 * {@link #blockElements()} elements with their scales into {@link #blockBytes()} bytes, so a tensor's
 * size in bytes is a whole number of blocks. The first three constants are the dense types.
 */
public enum DType {
    F32(1, 4),
    F16(1, 2),
    BF16(1, 2),
    /** 32 int8 values and one f16 scale. */
    Q8_0(32, 34),
    /** 32 4-bit values offset by 8, one f16 scale. */
    Q4_0(32, 18),
    /** 32 4-bit values, an f16 scale and an f16 minimum. */
    Q4_1(32, 20),
    /** 32 5-bit values offset by 16 (the fifth bits in one 32-bit word), one f16 scale. */
    Q5_0(32, 22),
    /** 32 5-bit values, an f16 scale and minimum. */
    Q5_1(32, 24),
    /** A 256-element super-block: 8 sub-blocks of 32 4-bit values with 6-bit scales and minimums. */
    Q4_K(256, 144),
    /** As Q4_K with a fifth bit per value. */
    Q5_K(256, 176),
    /** A 256-element super-block: 16 sub-blocks of 16 6-bit values with int8 scales. */
    Q6_K(256, 210);

    private final int blockElements;
    private final int blockBytes;

    DType(int blockElements, int blockBytes) {
        this.blockElements = blockElements;
        this.blockBytes = blockBytes;
    }

    /** Elements per block: 1 for the dense types. */
    public int blockElements() {
        return blockElements;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean quantized() {
        return blockElements > 1;
    }

    /**
     * The bytes that {@code elements} elements take, exactly (overflow is an ArithmeticException);
     * an IllegalArgumentException if they are not a whole number of blocks.
     */
    public long byteSize(long elements) {
        if (elements < 0 || elements % blockElements != 0) {
            throw new IllegalArgumentException(elements + " elements are not a whole number of " + this
                    + " blocks of " + blockElements);
        }
        return Math.multiplyExact(elements / blockElements, (long) blockBytes);
    }
}
