package dev.embspace.io.tokenizer;

import java.text.Normalizer.Form;

/**
 * Unicode normalization (NFC, NFD, NFKC, NFKD) with the tables of Unicode 9.0, which the library's
 * normalization crate (unicode-normalization-alignments) compiled in, rather than the JDK's newer ones.
 *
 * <p>Why the JDK's tables restricted to the characters of 9.0 are the 9.0 tables: Unicode's
 * stability policy freezes the decomposition mapping (canonical and compatibility) and the
 * canonical combining class of every assigned character, and any later composite made of older
 * characters is a composition exclusion. So the versions differ only on characters assigned after
 * 9.0, which the old tables do not know: there they have no decomposition, combining class 0 and no
 * composition, so each is an inert starter that normalization passes through and that splits the
 * text into independent stretches (nothing reorders across a starter, and a starter with no
 * compositions blocks composition after it). We therefore normalize the stretches between such
 * characters with the JDK and keep the characters themselves unchanged. The frozen data is the
 * table of character ages {@link OldUnicode} already ships, unicode-age-to-9.0.txt. To regenerate it:
 * take the Unicode Character Database's DerivedAge.txt, keep the ranges of age 9.0 or lower, sort
 * them by code point and merge adjacent ranges of the same age into "start..end age" lines. A move
 * of the library to newer tables would be this file with a higher cut-off. The parity tests
 * (CanonicalNormalizationParityTest, CompatibilityNormalizationParityTest) run every code point
 * through all four forms against the library; with the JDK's tables alone, NFC differs on 30 of
 * their texts, NFD on 10, NFKC on 41 and NFKD on 21.
 */
final class FrozenNormalization {

    private FrozenNormalization() {
    }

    static String normalize(String text, Form form) {
        StringBuilder out = null;
        int stretch = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (newerThan9(cp)) {
                if (out == null) out = new StringBuilder(text.length() + 16);
                out.append(java.text.Normalizer.normalize(text.substring(stretch, i), form)).appendCodePoint(cp);
                stretch = next;
            }
            i = next;
        }
        if (out == null) return java.text.Normalizer.normalize(text, form);
        return out.append(java.text.Normalizer.normalize(text.substring(stretch), form)).toString();
    }

    /** Assigned in the JDK's Unicode but not yet in 9.0 (unassigned in both is inert in both). */
    private static boolean newerThan9(int cp) {
        return cp >= 0x0370 && Character.isDefined(cp) && !OldUnicode.V9_0.assigned(cp);
    }
}
