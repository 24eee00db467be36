package dev.embspace.io.gguf;

import dev.embspace.engine.tensor.DType;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ggml tensor types embspace reads, by their numeric id in a GGUF tensor info (ggml.h's
 * {@code ggml_type}). Other ids (the 2- and 3-bit K types, the IQ types, integer tensors) are refused
 * with their name where llama.cpp gives one, so the error says which quantization the file uses.
 */
public enum GgmlType {
    F32(0, DType.F32),
    F16(1, DType.F16),
    Q4_0(2, DType.Q4_0),
    Q4_1(3, DType.Q4_1),
    Q5_0(6, DType.Q5_0),
    Q5_1(7, DType.Q5_1),
    Q8_0(8, DType.Q8_0),
    Q4_K(12, DType.Q4_K),
    Q5_K(13, DType.Q5_K),
    Q6_K(14, DType.Q6_K),
    BF16(30, DType.BF16);

    /** Names of the ids llama.cpp defines that embspace does not read, indexed by id. */
    private static final String[] OTHER_NAMES = {
            null, null, null, null, "Q4_2 (removed)", "Q4_3 (removed)", null, null, null, "Q8_1", "Q2_K",
            "Q3_K", null, null, null, "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",
            "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", null, "Q4_0_4_4 (removed)",
            "Q4_0_4_8 (removed)", "Q4_0_8_8 (removed)", "TQ1_0", "TQ2_0", "IQ4_NL_4_4 (removed)",
            "IQ4_NL_4_8 (removed)", "IQ4_NL_8_8 (removed)", "MXFP4"};

    static final String READABLE = "embspace reads " + Arrays.stream(values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final int id;
    private final DType dtype;

    GgmlType(int id, DType dtype) {
        this.id = id;
        this.dtype = dtype;
    }

    public DType dtype() {
        return dtype;
    }

    static Optional<GgmlType> of(long id) {
        for (GgmlType t : values()) {
            if (t.id == id) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** How an unreadable id is named in an error: "Q2_K (10)", or "unknown type 99". */
    static String describe(long id) {
        if (id >= 0 && id < OTHER_NAMES.length && OTHER_NAMES[(int) id] != null) {
            return OTHER_NAMES[(int) id] + " (" + id + ")";
        }
        return "unknown type " + Long.toUnsignedString(id);
    }
}
