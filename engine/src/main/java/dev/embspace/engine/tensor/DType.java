package dev.embspace.engine.tensor;

import java.util.Optional;

/** The element types the engine reads. Every one is widened to float on the fly. */
public enum DType {
    F32(4, "F32"),
    F16(2, "F16"),
    BF16(2, "BF16");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    public int bytes() {
        return bytes;
    }

    /** The dtype's name in a safetensors header ("F32", "F16", "BF16"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
