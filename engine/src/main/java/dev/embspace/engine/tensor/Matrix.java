package dev.embspace.engine.tensor;

import java.util.Objects;

/**
 * A strided 2-D view over a tensor, zero-copy: element (r, c) is
 * {@code tensor.get(offset + r * rowStride + c * colStride)}. Checkpoints disagree on layout (GPT-2's
 * Conv1D stores [in, out], torch Linear stores [out, in]); a view lets every architecture present the
 * same "rows are d-vectors" matrices without copying the mapped weights.
 */
public record Matrix(Tensor tensor, long offset, int rows, int cols, long rowStride, long colStride) {

    public Matrix {
        Objects.requireNonNull(tensor, "tensor");
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        if (rows > 0 && cols > 0) {
            long last = offset + (rows - 1) * rowStride + (cols - 1) * colStride;
            if (offset < 0 || last >= tensor.size() || last < 0) {
                throw new IllegalArgumentException("matrix view " + rows + "x" + cols + " at " + offset
                        + " exceeds a tensor of " + tensor.size() + " elements");
            }
        }
    }

    /** A row-major rows x cols view of the whole tensor. */
    public static Matrix of(Tensor tensor, int rows, int cols) {
        if ((long) rows * cols != tensor.size()) {
            throw new IllegalArgumentException(rows + "x" + cols + " does not cover a tensor of " + tensor.size());
        }
        return new Matrix(tensor, 0, rows, cols, cols, 1);
    }

    /** A heap matrix over {@code data} in row-major order (no copy). */
    public static Matrix wrap(float[] data, int rows, int cols) {
        return of(Tensor.wrap(data, rows, cols), rows, cols);
    }

    public float get(int r, int c) {
        return tensor.get(offset + r * rowStride + c * colStride);
    }

    public Matrix transpose() {
        return new Matrix(tensor, offset, cols, rows, colStride, rowStride);
    }

    /** Rows [from, to). */
    public Matrix rowRange(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        return new Matrix(tensor, offset + from * rowStride, to - from, cols, rowStride, colStride);
    }

    /** Columns [from, to). */
    public Matrix colRange(int from, int to) {
        Objects.checkFromToIndex(from, to, cols);
        return new Matrix(tensor, offset + from * colStride, rows, to - from, rowStride, colStride);
    }

    /** True when each row is contiguous in the tensor, so it can be read as one run. */
    public boolean rowsContiguous() {
        return colStride == 1 || cols <= 1;
    }

    /** Copies row {@code r} into {@code dst[0, cols)}. */
    public void row(int r, float[] dst) {
        long base = offset + r * rowStride;
        if (rowsContiguous()) {
            tensor.copyTo(base, dst, 0, cols);
        } else {
            for (int c = 0; c < cols; c++) dst[c] = tensor.get(base + c * colStride);
        }
    }

    public float[] row(int r) {
        float[] out = new float[cols];
        row(r, out);
        return out;
    }

    /** A dense row-major float copy (heap); meant for small matrices and tests. */
    public float[] toArray() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        float[] buf = new float[cols];
        for (int r = 0; r < rows; r++) {
            row(r, buf);
            System.arraycopy(buf, 0, out, r * cols, cols);
        }
        return out;
    }

    /** The same values as a contiguous F32 heap matrix. */
    public Matrix materialize() {
        return wrap(toArray(), rows, cols);
    }

    public DType dtype() {
        return tensor.dtype();
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + " " + tensor.dtype() + ", strides " + rowStride + "," + colStride + "]";
    }
}
