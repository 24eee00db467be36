package dev.embspace.io.safetensors;

import dev.embspace.engine.tensor.DType;

import java.util.Optional;

/**
 * Every dtype the safetensors format defines, with its width in bits. The reader must know the width
 * of dtypes it cannot read, so that it can still check a file's layout (a BERT checkpoint may carry an
 * I64 {@code position_ids} buffer beside its float weights), and name them in a clear error.
 */
enum SafetensorsDType {
    BOOL(8), F4(4), F6_E2M3(6), F6_E3M2(6), U8(8), I8(8), F8_E5M2(8), F8_E4M3(8), F8_E8M0(8),
    I16(16), U16(16), F16(16), BF16(16), I32(32), U32(32), F32(32), C64(64), F64(64), I64(64), U64(64);

    /** How the engine's readable dtypes are listed in errors. */
    static final String READABLE = "embspace reads F32, F16 and BF16";

    private final int bits;

    SafetensorsDType(int bits) {
        this.bits = bits;
    }

    int bits() {
        return bits;
    }

    /** The engine type that reads this dtype as float, if there is one. */
    Optional<DType> engineType() {
        return switch (this) {
            case F32 -> Optional.of(DType.F32);
            case F16 -> Optional.of(DType.F16);
            case BF16 -> Optional.of(DType.BF16);
            default -> Optional.empty();
        };
    }

    /** The safetensors dtype that stores {@code type}; safetensors has none for llama.cpp's block types. */
    static SafetensorsDType of(DType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            default -> throw new IllegalArgumentException("safetensors has no dtype for " + type);
        };
    }

    static Optional<SafetensorsDType> fromName(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
