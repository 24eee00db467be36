package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The second stage: cuts normalized text into word-like pieces that the model tokenizes one by one
 * (tokenizer.json's "pre_tokenizer"). Each implementation is one of the Hugging Face types.
 */
sealed interface PreTokenizer permits BertPreTokenizer, ByteLevelPreTokenizer, PreTokenizer.Whitespace,
        PreTokenizer.WhitespaceSplit, PreTokenizer.Punctuation, PreTokenizer.Digits, PreTokenizer.CharDelimiterSplit,
        PreTokenizer.Split, PreTokenizer.Metaspace, PreTokenizer.Sequence, PreTokenizer.None {

    /** Appends the pieces of {@code piece} to {@code out}; never appends an empty piece. */
    void preTokenize(Piece piece, List<Piece> out);

    /** Runs of word characters, and runs of other non-space characters; spaces are dropped. */
    record Whitespace() implements PreTokenizer {
        /**
         * The library's \w+|[^\w\s]+, with one correction for its regex engine: Oniguruma counts the
         * unassigned U+A7D2 and U+A7D4, inside its range of the Unicode 14 insular letters, as word
         * characters (found by the parity test over every code point).
         */
        private static final TextPattern WORDS = TextPattern.regex("[\\w\\x{A7D2}\\x{A7D4}]+|[^\\w\\s\\x{A7D2}\\x{A7D4}]+", "the Whitespace pre-tokenizer's pattern");

        public void preTokenize(Piece piece, List<Piece> out) {
            List<TextPattern.Span> spans = WORDS.spans(piece.text());
            SplitBehavior.REMOVED.split(piece, spans.stream().map(TextPattern.Span::inverted).toList(), out);
        }
    }

    /** Splits on White_Space, which is dropped. */
    record WhitespaceSplit() implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            SplitBehavior.REMOVED.split(piece, TextPattern.spans(piece.text(), UnicodeClasses::isWhitespace), out);
        }
    }

    /** Splits at every punctuation character (BERT's definition). */
    record Punctuation(SplitBehavior behavior) implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            behavior.split(piece, TextPattern.spans(piece.text(), UnicodeClasses::isBertPunctuation), out);
        }
    }

    /** Separates numbers from the rest, each digit on its own if {@code individualDigits}. */
    record Digits(boolean individualDigits) implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            SplitBehavior behavior = individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS;
            behavior.split(piece, TextPattern.spans(piece.text(), UnicodeClasses::isNumeric), out);
        }
    }

    /** Splits on one delimiter character, which is dropped. */
    record CharDelimiterSplit(int delimiter) implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            SplitBehavior.REMOVED.split(piece, TextPattern.spans(piece.text(), cp -> cp == delimiter), out);
        }
    }

    /** Splits at the matches of a pattern; {@code invert} splits at what does not match instead. */
    record Split(TextPattern pattern, SplitBehavior behavior, boolean invert) implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            List<TextPattern.Span> spans = pattern.spans(piece.text());
            if (invert) spans = spans.stream().map(TextPattern.Span::inverted).toList();
            behavior.split(piece, spans, out);
        }
    }

    /**
     * SentencePiece's convention: spaces become '▁', a '▁' is prepended (to every piece, to the
     * piece at the start of the input, or never), and the text is split before each '▁'.
     */
    record Metaspace(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {
        enum PrependScheme { ALWAYS, FIRST, NEVER }

        public void preTokenize(Piece piece, List<Piece> out) {
            String marker = Character.toString(replacement);
            String text = piece.text().replace(" ", marker);
            boolean prepend = switch (prependScheme) {
                case ALWAYS -> !text.startsWith(marker);
                case FIRST -> !text.startsWith(marker) && piece.atStart();
                case NEVER -> false;
            };
            if (prepend) text = marker + text;
            Piece replaced = piece.withText(text);
            if (split) {
                SplitBehavior.MERGED_WITH_NEXT.split(replaced, TextPattern.spans(text, cp -> cp == replacement), out);
            } else if (!text.isEmpty()) {
                out.add(replaced);
            }
        }
    }

    /** Several pre-tokenizers, each applied to every piece the previous one produced. */
    record Sequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            List<Piece> current = List.of(piece);
            for (PreTokenizer preTokenizer : preTokenizers) {
                List<Piece> next = new ArrayList<>();
                for (Piece p : current) preTokenizer.preTokenize(p, next);
                current = next;
            }
            out.addAll(current);
        }
    }

    /** No pre-tokenizer: the whole text is one piece. */
    record None() implements PreTokenizer {
        public void preTokenize(Piece piece, List<Piece> out) {
            if (!piece.text().isEmpty()) out.add(piece);
        }
    }
}
