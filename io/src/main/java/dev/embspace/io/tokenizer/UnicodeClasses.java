package dev.embspace.io.tokenizer;

/**
 * The character classes the Hugging Face tokenizers library (written in Rust) tests, with Rust's
 * definitions rather than Java's look-alikes, which differ: {@link Character#isWhitespace} excludes
 * the no-break spaces that Rust's {@code char::is_whitespace} (the Unicode White_Space property)
 * includes, and counts the information separators U+001C..U+001F that White_Space does not.
 * Categories come from Rust's standard library (current Unicode, as Java's) except where the
 * library uses its older category tables ({@link OldUnicode}).
 */
final class UnicodeClasses {

    private UnicodeClasses() {
    }

    /** Rust's {@code char::is_whitespace}: the Unicode White_Space property. */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** {@code text} without trailing White_Space, as Rust's {@code str::trim_end}. */
    static String stripTrailingWhitespace(String text) {
        int end = text.length();
        while (end > 0 && isWhitespace(text.codePointBefore(end))) end -= Character.charCount(text.codePointBefore(end));
        return text.substring(0, end);
    }

    /** BERT's control test: general category Cc, Cf or Co (of Unicode 8.0), except tab, newline and return. */
    static boolean isBertControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int type = OldUnicode.V8_0.type(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE;
    }

    /** BERT's punctuation: any ASCII punctuation (including $+<=>^`|~) or a Unicode P* character. */
    static boolean isBertPunctuation(int cp) {
        if (cp < 0x80) return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
        return isPunctuation(cp);
    }

    /** General categories Pc, Pd, Ps, Pe, Pi, Pf and Po (of Unicode 8.0, as the library's tables). */
    static boolean isPunctuation(int cp) {
        return switch (OldUnicode.V8_0.type(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** Rust's {@code char::is_numeric}: general categories Nd, Nl and No. */
    static boolean isNumeric(int cp) {
        return switch (Character.getType(cp)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** General category Mn (of Unicode 8.0), which accent stripping removes after NFD. */
    static boolean isNonSpacingMark(int cp) {
        return OldUnicode.V8_0.type(cp) == Character.NON_SPACING_MARK;
    }

    /**
     * Any mark (categories Mn, Mc, Me, of Unicode 9.0), which the StripAccents normalizer removes; unlike BERT's
     * own accent stripping, that one also drops spacing vowel signs such as Devanagari's "ि".
     */
    static boolean isCombiningMark(int cp) {
        return switch (OldUnicode.V9_0.type(cp)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> true;
            default -> false;
        };
    }

    /** The CJK ideograph blocks BERT isolates as single-character words (not kana, not Hangul). */
    static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /**
     * Rust's {@code char::to_lowercase}: the full lowercase mapping without context, so 'Σ' always
     * becomes 'σ' (Java's {@code String.toLowerCase} would pick final 'ς' at a word end) and 'İ'
     * becomes "i̇", the one unconditional multi-character lowercase mapping.
     */
    static void appendLowercase(StringBuilder out, int cp) {
        if (cp == 0x130) {
            out.append("i\u0307");
        } else {
            out.appendCodePoint(Character.toLowerCase(cp));
        }
    }
}
