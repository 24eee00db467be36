package dev.embspace.engine.translate;

import dev.embspace.engine.UsageException;
import java.util.Locale;

/** How vocabulary scores are read back into the target model's space (the paper's E^+ versus E^T). */
public enum TranslationMethod {

    /** E_A^+, the least-squares inverse of reading with E_A: the paper's default. */
    PSEUDO_INVERSE("pinv"),

    /**
     * E_A^T scaled by d_A / trace(E_A^T E_A): the pseudo-inverse under the approximation that
     * E_A^T E_A is a multiple of the identity. The scale matters because a head's biases were fit
     * to features of A's size, and plain E_A^T would change that size by orders of magnitude.
     */
    TRANSPOSE("transpose");

    private final String label;

    TranslationMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TranslationMethod parse(String s) {
        for (TranslationMethod m : values()) if (m.label.equals(s.toLowerCase(Locale.ROOT))) return m;
        throw new UsageException("'" + s + "' is not a translation (expected pinv or transpose)");
    }
}
