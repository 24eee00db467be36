package dev.embspace.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense, row-major, little-endian tensor over a {@link MemorySegment}: one implementation per
 * dtype, each reading its elements as float. The segment is usually a slice of a memory-mapped
 * checkpoint, so a tensor costs no heap beyond this object.
 */
public sealed interface Tensor permits F32Tensor, F16Tensor, BF16Tensor, QuantizedTensor {

    ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    DType dtype();

    MemorySegment segment();

    int[] shape();

    /** The element at flat index {@code i}, widened to float. */
    float get(long i);

    default long size() {
        long n = 1;
        for (int s : shape()) n *= s;
        return n;
    }

    default int rank() {
        return shape().length;
    }

    default int dim(int axis) {
        int[] shape = shape();
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** This tensor as a matrix: a 2-D tensor as is, a 1-D tensor as one row, higher ranks flattened to [.., last]. */
    default Matrix matrix() {
        int[] shape = shape();
        if (shape.length == 0) return Matrix.of(this, 1, 1);
        int cols = shape[shape.length - 1];
        long rows = size() / Math.max(1, cols);
        return Matrix.of(this, Math.toIntExact(rows), cols);
    }

    /** Copies the elements [from, from + dst.length) widened to float. */
    default void copyTo(long from, float[] dst, int dstOffset, int length) {
        for (int j = 0; j < length; j++) dst[dstOffset + j] = get(from + j);
    }

    default float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(size())];
        copyTo(0, out, 0, out.length);
        return out;
    }

    /**
     * The tensor of {@code dtype} and {@code shape} over {@code segment}, which must hold exactly its
     * bytes; a quantized type's last dimension must be a whole number of blocks (so rows start blocks).
     */
    static Tensor of(DType dtype, MemorySegment segment, int... shape) {
        if (dtype.quantized() && (shape.length == 0 || shape[shape.length - 1] % dtype.blockElements() != 0)) {
            throw new IllegalArgumentException(dtype + Arrays.toString(shape) + ": rows are not whole blocks of "
                    + dtype.blockElements());
        }
        long elements = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            elements = Math.multiplyExact(elements, s);
        }
        long bytes = dtype.byteSize(elements);
        if (segment.byteSize() != bytes) {
            throw new IllegalArgumentException(
                    "segment of " + segment.byteSize() + " bytes does not hold " + dtype + Arrays.toString(shape));
        }
        int[] copy = shape.clone();
        return switch (dtype) {
            case F32 -> new F32Tensor(segment, copy);
            case F16 -> new F16Tensor(segment, copy);
            case BF16 -> new BF16Tensor(segment, copy);
            case Q8_0 -> new Q8_0Tensor(segment, copy);
            case Q4_0 -> new Q4_0Tensor(segment, copy);
            case Q4_1 -> new Q4_1Tensor(segment, copy);
            case Q5_0 -> new Q5_0Tensor(segment, copy);
            case Q5_1 -> new Q5_1Tensor(segment, copy);
            case Q4_K -> new Q4_KTensor(segment, copy);
            case Q5_K -> new Q5_KTensor(segment, copy);
            case Q6_K -> new Q6_KTensor(segment, copy);
        };
    }

    /** A heap F32 tensor over {@code data} (no copy). */
    static F32Tensor wrap(float[] data, int... shape) {
        return (F32Tensor) of(DType.F32, MemorySegment.ofArray(data), shape);
    }
}
