package dev.embspace.engine.tensor;

/**
 * A tensor in one of llama.cpp's block-quantized formats, read in place from its segment. Each type
 * implements {@link #dequantizeBlock}, the plain scalar decoding of one block that is the reference
 * for the format; everything else (single elements, runs of elements for the kernels' panel packing)
 * decodes whole blocks through it, so no dequantized copy of a weight is ever made beyond the run
 * being read. Blocks run along the last dimension, which llama.cpp requires to be a whole number of
 * blocks, so every row starts a block.
 */
public sealed interface QuantizedTensor extends Tensor
        permits Q8_0Tensor, Q4_0Tensor, Q4_1Tensor, Q5_0Tensor, Q5_1Tensor, Q4_KTensor, Q5_KTensor, Q6_KTensor {

    /** Writes the {@code dtype().blockElements()} values of block {@code block} to {@code dst[offset..]}. */
    void dequantizeBlock(long block, float[] dst, int offset);

    @Override
    default float get(long i) {
        int n = dtype().blockElements();
        float[] values = new float[n];
        dequantizeBlock(i / n, values, 0);
        return values[(int) (i % n)];
    }

    /** Decodes the blocks that cover the run; only a partial first or last block goes through a buffer. */
    @Override
    default void copyTo(long from, float[] dst, int dstOffset, int length) {
        int n = dtype().blockElements();
        long block = from / n;
        int skip = (int) (from % n);
        float[] partial = null;
        for (int done = 0; done < length; block++, skip = 0) {
            int take = Math.min(n - skip, length - done);
            if (take == n) {
                dequantizeBlock(block, dst, dstOffset + done);
            } else {
                if (partial == null) partial = new float[n];
                dequantizeBlock(block, partial, 0);
                System.arraycopy(partial, skip, dst, dstOffset + done, take);
            }
            done += take;
        }
    }
}
