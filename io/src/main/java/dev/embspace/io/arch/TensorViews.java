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

    /**
     * Undoes llama.cpp's rotary permutation of Llama's q and k rows. Its converter reorders each
     * head's rows from Hugging Face's (half, i) to (i, half), so that ggml's interleaved rotary turns
     * neighbouring rows; the engine's rotary (and the vectors' numbering) is Hugging Face's. Rows are
     * whole blocks of a quantized type, so the move is a byte copy in the stored type into native
     * memory, as {@link #regroup} makes.
     */
    static Tensor unpermuteRotaryRows(Tensor t, int heads, int headDim) {
        int rows = t.dim(0);
        if (headDim % 2 != 0 || rows != heads * headDim) {
            throw new IllegalArgumentException("cannot unpermute " + rows + " rows as " + heads + " heads of " + headDim);
        }
        long rowBytes = t.segment().byteSize() / rows;
        MemorySegment out = Arena.ofAuto().allocate(t.segment().byteSize(), Long.BYTES);
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int part = 0; part < 2; part++) {
                    long from = ((long) h * headDim + 2L * i + part) * rowBytes;
                    long to = ((long) h * headDim + (long) part * half + i) * rowBytes;
                    MemorySegment.copy(t.segment(), from, out, to, rowBytes);
                }
            }
        }
        return Tensor.of(t.dtype(), out, t.shape());
    }
}
