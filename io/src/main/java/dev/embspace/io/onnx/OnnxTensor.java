package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An ONNX TensorProto with its elements as little-endian bytes: a slice of the mapped model (raw_data,
 * packed float_data) or of a mapped external-data file, or a small heap segment decoded from the
 * varint fields. The segment stays valid while the {@link OnnxModel} is open.
 *
 * @param source the file the tensor came from, for error messages
 */
public record OnnxTensor(Path source, String name, OnnxDataType dataType, long[] dims, MemorySegment data) {

    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public OnnxTensor {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    /** A zero-copy engine tensor over the data; only for FLOAT, FLOAT16 and BFLOAT16. */
    public Tensor toTensor() {
        DType dtype = dataType.engineType().orElseThrow(() -> new BadInputException(source,
                "initializer '" + name + "' has data type " + dataType + ", not a floating-point type the engine reads"));
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) throw new BadInputException(source, "initializer '" + name + "' dimension " + dims[i] + " is too large");
            shape[i] = (int) dims[i];
        }
        return Tensor.of(dtype, data, shape);
    }

    /** The elements of an integer tensor (INT64 or INT32) widened to long; for shape constants. */
    public long[] longs() {
        int n = Math.toIntExact(elementCount());
        long[] out = new long[n];
        switch (dataType) {
            case INT64 -> MemorySegment.copy(data, I64_LE, 0, out, 0, n);
            case INT32 -> {
                for (int i = 0; i < n; i++) out[i] = data.getAtIndex(I32_LE, i);
            }
            default -> throw new BadInputException(source, "tensor '" + name + "' has data type " + dataType + ", expected an integer type");
        }
        return out;
    }

    /** The elements of a floating-point tensor widened to float; for small constants. */
    public float[] floats() {
        return toTensor().toFloatArray();
    }

    @Override
    public String toString() {
        return "OnnxTensor[" + name + " " + dataType + Arrays.toString(dims) + "]";
    }
}
