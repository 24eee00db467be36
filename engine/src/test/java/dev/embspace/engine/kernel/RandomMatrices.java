package dev.embspace.engine.kernel;

import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Random matrices in every dtype and layout the kernels must read: row-major, transposed, sliced. */
public final class RandomMatrices {

    /** How a logical rows x cols matrix is laid out in its tensor. */
    public enum Layout { ROW_MAJOR, TRANSPOSED, SLICED }

    private RandomMatrices() {
    }

    /** Gaussian values, rounded to what {@code dtype} can hold so every reader sees the same numbers. */
    public static Matrix gaussian(Random rnd, DType dtype, Layout layout, int rows, int cols) {
        return switch (layout) {
            case ROW_MAJOR -> Matrix.of(tensor(rnd, dtype, rows, cols), rows, cols);
            // stored [cols, rows] as torch Linear vs GPT-2 Conv1D: read through a transposed view
            case TRANSPOSED -> Matrix.of(tensor(rnd, dtype, cols, rows), cols, rows).transpose();
            // a window of a wider, taller matrix: row stride is not the row length
            case SLICED -> Matrix.of(tensor(rnd, dtype, rows + 3, cols + 5), rows + 3, cols + 5)
                    .rowRange(2, 2 + rows).colRange(1, 1 + cols);
        };
    }

    public static Tensor tensor(Random rnd, DType dtype, int rows, int cols) {
        int n = rows * cols;
        return switch (dtype) {
            case F32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
                yield Tensor.wrap(v, rows, cols);
            }
            case F16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) v[i] = Float.floatToFloat16((float) rnd.nextGaussian());
                yield Tensor.of(DType.F16, MemorySegment.ofArray(v), rows, cols);
            }
            case BF16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) v[i] = BF16Tensor.fromFloat((float) rnd.nextGaussian());
                yield Tensor.of(DType.BF16, MemorySegment.ofArray(v), rows, cols);
            }
            default -> throw new IllegalArgumentException("no random " + dtype + " tensors here");
        };
    }

    /** Small integers: every product and sum is exact in float, so equal scores (ties) are common. */
    public static Matrix smallIntegers(Random rnd, int rows, int cols, int range) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(2 * range + 1) - range;
        return Matrix.wrap(v, rows, cols);
    }
}
