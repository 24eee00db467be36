package dev.embspace.engine.project;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.Matrix;

import java.util.Locale;

/**
 * The two V x V matrices of an attention head in embedding space, each of rank head_dim:
 * OV = E W_V W_O E^T (attended token, promoted token) and QK = E W_Q W_K^T E^T (query token, key
 * token). In the engine's layout W_VO = headV^T headO, so OV = (E headV^T)(E headO^T)^T; QK likewise
 * with headQ and headK.
 */
public enum Circuit {
    OV,
    QK;

    public static Circuit parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown circuit '" + name + "' (expected ov or qk)");
        }
    }

    /** [headDim, d]: the vectors the "from" side reads (W_V for OV, W_Q for QK). */
    public Matrix fromSide(Attention attention, int head) {
        return this == OV ? attention.headV(head) : attention.headQ(head);
    }

    /** [headDim, d]: the vectors of the "to" side (W_O for OV, W_K for QK). */
    public Matrix toSide(Attention attention, int head) {
        return this == OV ? attention.headO(head) : attention.headK(head);
    }
}
