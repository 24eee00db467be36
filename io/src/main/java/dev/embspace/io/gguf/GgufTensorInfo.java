package dev.embspace.io.gguf;

import java.util.Arrays;

/**
 * One tensor as a GGUF header describes it.
 *
 * @param shape  the engine's row-major shape, outermost first (ggml's ne reversed)
 * @param offset first byte, relative to the data region
 * @param bytes  its size, a whole number of blocks of its type
 */
public record GgufTensorInfo(String name, GgmlType type, int[] shape, long offset, long bytes) {

    /** The fewest bytes one tensor info takes: name length, n_dims, type, offset. */
    static final int MIN_BYTES = 8 + 4 + 4 + 8;

    public String typeName() {
        return type.name();
    }

    static GgufTensorInfo read(GgufCursor in, long index) {
        String name = in.string("tensor " + index + " name");
        String what = "tensor " + GgufCursor.quote(name);
        long dims = in.u32(what + " dimension count");
        if (dims > GgufFile.MAX_DIMS) throw in.bad(what + " has " + dims + " dimensions; ggml allows at most " + GgufFile.MAX_DIMS);
        long[] ne = new long[(int) dims];
        for (int i = 0; i < dims; i++) {
            ne[i] = in.i64(what + " dimension " + i);
            // The engine indexes dimensions with ints, so a wider one is as unreadable as a negative one.
            if (ne[i] < 0 || ne[i] > Integer.MAX_VALUE) {
                throw in.bad(what + " has dimension " + Long.toUnsignedString(ne[i]) + "; dimensions must be 0 to "
                        + Integer.MAX_VALUE);
            }
        }
        long typeId = in.u32(what + " type");
        GgmlType type = GgmlType.of(typeId).orElseThrow(() -> in.bad(what + " has ggml type "
                + GgmlType.describe(typeId) + "; " + GgmlType.READABLE));
        long offset = in.i64(what + " offset");
        if (offset < 0) throw in.bad(what + " has offset " + Long.toUnsignedString(offset) + ", past any file");
        int[] shape = new int[ne.length];
        for (int i = 0; i < ne.length; i++) shape[i] = (int) ne[ne.length - 1 - i];
        int block = type.dtype().blockElements();
        // a scalar (no dimensions) is one element: a whole block only for the unquantized types
        long rowElements = ne.length > 0 ? ne[0] : 1;
        if (rowElements % block != 0) {
            throw in.bad(what + " is " + type + " with rows of " + rowElements + " elements, not a whole number of blocks of "
                    + block);
        }
        long bytes;
        try {
            long elements = 1;
            for (long n : ne) elements = Math.multiplyExact(elements, n);
            bytes = type.dtype().byteSize(elements);
        } catch (ArithmeticException overflow) {
            throw in.bad(what + " has shape " + Arrays.toString(ne) + ", too many elements to address");
        }
        return new GgufTensorInfo(name, type, shape, offset, bytes);
    }

    /** Checks that the tensor starts aligned and ends inside the data region. */
    void checkPlacement(GgufCursor in, long alignment, long dataSize) {
        String what = "tensor " + GgufCursor.quote(name);
        if (offset % alignment != 0) {
            throw in.bad(what + " has offset " + offset + ", not a multiple of the alignment " + alignment);
        }
        if (offset > dataSize || bytes > dataSize - offset) {
            throw in.bad(what + " (" + bytes + " bytes at offset " + offset + ") ends past the data region of "
                    + dataSize + " bytes; the file is truncated");
        }
    }
}
