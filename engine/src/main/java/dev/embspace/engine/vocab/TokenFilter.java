package dev.embspace.engine.vocab;

import dev.embspace.engine.UsageException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Which tokens may appear in a result. Filtering happens inside the selection, so a filtered token
 * never takes a place and k results come back whenever k allowed tokens exist.
 */
public enum TokenFilter {
    /** Every token. */
    NONE,
    /** Tokens whose readable form is printable ASCII (besides the continuation markers). */
    ASCII,
    /** Tokens whose readable form, stripped of space and markers, is letters and digits only. */
    ALNUM;

    public static TokenFilter parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown filter '" + name + "' (expected one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
        }
    }

    /** The allowed token ids of {@code vocabulary}, or null when every token is allowed. */
    public BitSet allowed(Vocabulary vocabulary) {
        if (this == NONE) return null;
        BitSet allowed = new BitSet(vocabulary.size());
        for (int id = 0; id < vocabulary.size(); id++) {
            if (accepts(vocabulary.readable(id))) allowed.set(id);
        }
        return allowed;
    }

    public IntPredicate predicate(Vocabulary vocabulary) {
        BitSet allowed = allowed(vocabulary);
        return allowed == null ? id -> true : allowed::get;
    }

    boolean accepts(String readable) {
        String core = readable.strip();
        if (core.startsWith("##")) core = core.substring(2);
        if (core.isEmpty()) return false;
        return switch (this) {
            case NONE -> true;
            case ASCII -> core.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
            case ALNUM -> core.chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c));
        };
    }
}
