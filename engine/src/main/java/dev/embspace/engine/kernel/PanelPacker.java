package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.QuantizedTensor;

/**
 * Copies rows of a matrix into the interleaved panels a {@link MicroKernel} reads: panel q holds
 * rows [q w, q w + w) as {@code dst[q w k + p w + r]} = row r's element p, so one step of the kernel
 * finds the w values it needs side by side. Packing is where dtypes are widened and strides
 * resolved, once per panel, so the kernel only ever sees contiguous floats; rows past the end are
 * zero, so edge tiles need no special case.
 */
final class PanelPacker {

    private PanelPacker() {
    }

    /** The floats that {@code count} rows of depth k take once packed into panels of {@code width}. */
    static int packedSize(int count, int width, int k) {
        return Math.multiplyExact(ceilDiv(count, width) * width, k);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Packs rows {@code from .. from + count} of {@code m} (or, when {@code ids} is not null, the rows
     * {@code ids[from ..]}) into {@code dst} from {@code dstOff}. {@code scratch} holds at least
     * {@code m.cols()} floats.
     */
    static void pack(Matrix m, int[] ids, int from, int count, int width, float[] dst, int dstOff, float[] scratch) {
        int k = m.cols();
        if (ids == null && !m.rowsContiguous() && m.rowStride() == 1 && m.tensor() instanceof QuantizedTensor) {
            packQuantizedColumns(m, from, count, width, dst, dstOff, scratch);
            return;
        }
        if (ids == null && !m.rowsContiguous() && m.rowStride() == 1) {
            packColumns(m, from, count, width, dst, dstOff);
            return;
        }
        int panels = ceilDiv(count, width);
        for (int q = 0; q < panels; q++) {
            int base = dstOff + q * width * k;
            for (int r = 0; r < width; r++) {
                int i = q * width + r;
                if (i < count) {
                    m.row(ids == null ? from + i : ids[from + i], scratch);
                    for (int p = 0, at = base + r; p < k; p++, at += width) dst[at] = scratch[p];
                } else {
                    for (int p = 0, at = base + r; p < k; p++, at += width) dst[at] = 0;
                }
            }
        }
    }

    /**
     * A transposed view (GPT-2's Conv1D weights read as rows-are-vectors) stores each column
     * contiguously, which is exactly one packed step: w neighbouring rows at the same depth.
     */
    private static void packColumns(Matrix m, int from, int count, int width, float[] dst, int dstOff) {
        int k = m.cols();
        int panels = ceilDiv(count, width);
        for (int q = 0; q < panels; q++) {
            int base = dstOff + q * width * k;
            int first = from + q * width;
            int w = Math.min(width, count - q * width);
            for (int p = 0; p < k; p++) {
                int at = base + p * width;
                m.tensor().copyTo(m.offset() + first + p * m.colStride(), dst, at, w);
                for (int r = w; r < width; r++) dst[at + r] = 0;
            }
        }
    }

    /**
     * {@link #packColumns} for a quantized tensor: each stored row is decoded once per run of up to
     * {@code scratch.length} packed rows, block by block, and scattered into the panels, rather than
     * decoding a block for every w-wide step.
     */
    private static void packQuantizedColumns(Matrix m, int from, int count, int width, float[] dst, int dstOff,
                                             float[] scratch) {
        int k = m.cols();
        float[] run = scratch.length >= width ? scratch : new float[width];
        int chunk = run.length / width * width;
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int n = Math.min(chunk, count - c0);
            for (int p = 0; p < k; p++) {
                m.tensor().copyTo(m.offset() + from + c0 + p * m.colStride(), run, 0, n);
                for (int i = 0; i < n; i++) {
                    int row = c0 + i;
                    dst[dstOff + (row / width) * width * k + p * width + row % width] = run[i];
                }
            }
        }
        int padded = ceilDiv(count, width) * width;
        for (int row = count; row < padded; row++) {
            for (int p = 0; p < k; p++) dst[dstOff + (row / width) * width * k + p * width + row % width] = 0;
        }
    }
}
