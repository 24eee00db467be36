package dev.embspace.io.arch;

import dev.embspace.engine.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Tensor-level views and the one re-layout that no strided view can express. */
final class TensorViews {

    private TensorViews() {
    }

    /** Elements [from, from + length) of a 1-D tensor, zero-copy (a fused bias split into q, k, v). */
    static Tensor slice(Tensor t, long from, int length) {
        return Tensor.of(t.dtype(), t.segment().asSlice(t.dtype().byteSize(from), t.dtype().byteSize(length)), length);
    }

    /**
     * Regroups the rows of a fused projection stored as (group, part, row) into (part, group, row):
     * GPT-NeoX stores {@code query_key_value} as [heads, {q, k, v}, headDim] rows, and a single row
     * stride cannot skip the other two parts between heads. The copy is a byte move in the
     * checkpoint's own dtype into native memory that lives as long as the returned tensor is
     * reachable, so it costs exactly the size of the fused weight and nothing on the heap.
     *
     * @param rowsPerBlock rows in one (group, part) block, headDim for NeoX
     * @return a tensor of {@code t}'s shape whose rows are all of part 0, then part 1, ...
     */
    static Tensor regroup(Tensor t, int groups, int parts, int rowsPerBlock) {
        long blockBytes = t.segment().byteSize() / ((long) groups * parts);
        if (blockBytes * groups * parts != t.segment().byteSize()
                || t.dim(0) != groups * parts * rowsPerBlock) {
            throw new IllegalArgumentException("cannot regroup " + t.dim(0) + " rows as " + groups + " x " + parts
                    + " x " + rowsPerBlock);
        }
        MemorySegment out = Arena.ofAuto().allocate(t.segment().byteSize(), Long.BYTES);
        for (int g = 0; g < groups; g++) {
            for (int p = 0; p < parts; p++) {
                long from = ((long) g * parts + p) * blockBytes;
                long to = ((long) p * groups + g) * blockBytes;
                MemorySegment.copy(t.segment(), from, out, to, blockBytes);
            }
        }
        return Tensor.of(t.dtype(), out, t.shape());
    }
}
