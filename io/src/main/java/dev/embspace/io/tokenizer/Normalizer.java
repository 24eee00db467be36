package dev.embspace.io.tokenizer;

import java.util.List;
import java.util.regex.Matcher;

/**
 * The first stage of the pipeline: rewrites text before it is split (tokenizer.json's
 * "normalizer"). Each implementation is one of the Hugging Face normalizer types, named alike.
 * Normalizers never see added tokens that match the raw text; they run on the text between them.
 */
sealed interface Normalizer permits BertNormalizer, PrecompiledNormalizer, Normalizer.Nfd, Normalizer.Nfkd, Normalizer.Nfc,
        Normalizer.Nfkc, Normalizer.Lowercase, Normalizer.StripAccents, Normalizer.Replace, Normalizer.Prepend,
        Normalizer.Strip, Normalizer.ByteLevel, Normalizer.Sequence, Normalizer.Identity {

    String normalize(String text);

    /** Unicode canonical decomposition. */
    record Nfd() implements Normalizer {
        public String normalize(String text) {
            return FrozenNormalization.normalize(text, java.text.Normalizer.Form.NFD);
        }
    }

    /** Unicode compatibility decomposition. */
    record Nfkd() implements Normalizer {
        public String normalize(String text) {
            return FrozenNormalization.normalize(text, java.text.Normalizer.Form.NFKD);
        }
    }

    /** Unicode canonical composition. */
    record Nfc() implements Normalizer {
        public String normalize(String text) {
            return FrozenNormalization.normalize(text, java.text.Normalizer.Form.NFC);
        }
    }

    /** Unicode compatibility composition. */
    record Nfkc() implements Normalizer {
        public String normalize(String text) {
            return FrozenNormalization.normalize(text, java.text.Normalizer.Form.NFKC);
        }
    }

    /** Lowercases character by character, as Rust does (see {@link UnicodeClasses#appendLowercase}). */
    record Lowercase() implements Normalizer {
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> UnicodeClasses.appendLowercase(out, cp));
            return out.toString();
        }
    }

    /** Removes combining marks (any category M); used after NFD, it strips accents. */
    record StripAccents() implements Normalizer {
        public String normalize(String text) {
            return removeMarks(text, UnicodeClasses::isCombiningMark);
        }
    }

    /** {@code text} without the characters {@code mark} accepts. */
    static String removeMarks(String text, java.util.function.IntPredicate mark) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !mark.test(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Replaces every match of a literal string or a regular expression. */
    record Replace(TextPattern pattern, String content) implements Normalizer {
        public String normalize(String text) {
            return pattern.replaceAll(text, content);
        }
    }

    /** Prepends a string to non-empty text (SentencePiece's leading '▁'). */
    record Prepend(String prefix) implements Normalizer {
        public String normalize(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** Strips White_Space from either end. */
    record Strip(boolean left, boolean right) implements Normalizer {
        public String normalize(String text) {
            if (right) text = UnicodeClasses.stripTrailingWhitespace(text);
            int start = 0;
            while (left && start < text.length() && UnicodeClasses.isWhitespace(text.codePointAt(start))) {
                start += Character.charCount(text.codePointAt(start));
            }
            return text.substring(start);
        }
    }

    /** Spells the text's UTF-8 bytes in GPT-2's byte alphabet. */
    record ByteLevel() implements Normalizer {
        public String normalize(String text) {
            return ByteLevelAlphabet.encode(text);
        }
    }

    /** Several normalizers, in order. */
    record Sequence(List<Normalizer> normalizers) implements Normalizer {
        public String normalize(String text) {
            for (Normalizer normalizer : normalizers) text = normalizer.normalize(text);
            return text;
        }
    }

    /** The absence of a normalizer. */
    record Identity() implements Normalizer {
        public String normalize(String text) {
            return text;
        }
    }
}
