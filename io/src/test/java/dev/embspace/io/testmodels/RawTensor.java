package dev.embspace.io.testmodels;

import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One tensor of a test checkpoint exactly as the file holds it: its Hugging Face name, the dtype it
 * is stored in, its shape, and its values in row-major order, already rounded to that dtype, so a
 * reference computed from {@link #data()} sees the very numbers the engine reads.
 */
public record RawTensor(String name, DType dtype, int[] shape, float[] data) {

    public RawTensor {
        long n = 1;
        for (int s : shape) n *= s;
        if (n != data.length) throw new IllegalArgumentException(name + ": " + data.length + " values for " + Arrays.toString(shape));
    }

    /** The element at {@code index} (one coordinate per axis), indexed by hand in row-major order. */
    public float at(int... index) {
        if (index.length != shape.length) throw new IllegalArgumentException(name + " has rank " + shape.length);
        int flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException(name + Arrays.toString(shape) + " at " + Arrays.toString(index));
            }
            flat = flat * shape[axis] + index[axis];
        }
        return data[flat];
    }

    /** Row r of a 2-D tensor. */
    public float[] row(int r) {
        return Arrays.copyOfRange(data, r * shape[1], (r + 1) * shape[1]);
    }

    /** Column c of a 2-D tensor. */
    public float[] column(int c) {
        float[] out = new float[shape[0]];
        for (int r = 0; r < shape[0]; r++) out[r] = data[r * shape[1] + c];
        return out;
    }

    /** An F32 heap tensor of these values (what the writer converts to {@link #dtype()}). */
    public Tensor asF32() {
        return Tensor.wrap(data, shape);
    }

    /** A heap tensor in {@link #dtype()} holding the same bits as the file. */
    public Tensor asStored() {
        if (dtype == DType.F32) return asF32();
        MemorySegment bytes = MemorySegment.ofArray(new short[data.length]);
        for (int i = 0; i < data.length; i++) {
            short bits = dtype == DType.F16 ? Float.floatToFloat16(data[i]) : BF16Tensor.fromFloat(data[i]);
            bytes.setAtIndex(Tensor.I16_LE, i, bits);
        }
        return Tensor.of(dtype, bytes, shape);
    }

    /** {@code value} rounded to nearest in {@code dtype}, as the writer and torch round. */
    static float round(float value, DType dtype) {
        return switch (dtype) {
            case F32 -> value;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(value));
            case BF16 -> Float.intBitsToFloat(BF16Tensor.fromFloat(value) << 16);
            default -> throw new IllegalArgumentException("test checkpoints are F32, F16 or BF16, not " + dtype);
        };
    }
}
