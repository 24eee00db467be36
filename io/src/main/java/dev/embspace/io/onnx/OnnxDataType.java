package dev.embspace.io.onnx;

import dev.embspace.engine.tensor.DType;

import java.util.Optional;

/** ONNX's TensorProto.DataType codes, with the byte width of each fixed-size element type. */
public enum OnnxDataType {
    UNDEFINED(0, 0),
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    UINT16(4, 2),
    INT16(5, 2),
    INT32(6, 4),
    INT64(7, 8),
    STRING(8, 0),
    BOOL(9, 1),
    FLOAT16(10, 2),
    DOUBLE(11, 8),
    UINT32(12, 4),
    UINT64(13, 8),
    COMPLEX64(14, 8),
    COMPLEX128(15, 16),
    BFLOAT16(16, 2);

    private final int code;
    private final int bytes;

    OnnxDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    /** Bytes per element; 0 for types without a fixed width (strings, undefined). */
    public int bytes() {
        return bytes;
    }

    /** The engine dtype that holds this type without conversion, if there is one. */
    public Optional<DType> engineType() {
        return switch (this) {
            case FLOAT -> Optional.of(DType.F32);
            case FLOAT16 -> Optional.of(DType.F16);
            case BFLOAT16 -> Optional.of(DType.BF16);
            default -> Optional.empty();
        };
    }

    public static Optional<OnnxDataType> fromCode(long code) {
        for (OnnxDataType t : values()) {
            if (t.code == code) return Optional.of(t);
        }
        return Optional.empty();
    }
}
