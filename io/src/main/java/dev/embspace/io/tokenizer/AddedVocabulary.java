package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Finds added tokens ([CLS], "<|endoftext|>", user additions) in the input before the model sees
 * it, as the library does: tokens marked {@code normalized=false} are matched in the raw text
 * first; the text between them is normalized; then the {@code normalized=true} tokens (themselves
 * normalized) are matched in that. Matching is leftmost-longest, with each token's single_word,
 * lstrip and rstrip options.
 */
final class AddedVocabulary {

    private static final Pattern WORD_CHAR = Pattern.compile("\\w", Pattern.UNICODE_CHARACTER_CLASS);

    /** One part of the input: an added token, or text for the rest of the pipeline. */
    sealed interface Segment {
    }

    record Matched(Token token) implements Segment {
    }

    record Text(Piece piece) implements Segment {
    }

    private final Normalizer normalizer;
    private final Matcher raw;
    private final Matcher normalized;

    AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        this.normalizer = normalizer;
        List<AddedToken> rawTokens = new ArrayList<>();
        List<AddedToken> normalizedTokens = new ArrayList<>();
        for (AddedToken token : tokens) {
            if (token.content().isEmpty()) continue;
            (token.normalized() ? normalizedTokens : rawTokens).add(token);
        }
        this.raw = new Matcher(rawTokens, content -> content);
        this.normalized = new Matcher(normalizedTokens, normalizer::normalize);
    }

    /** The input cut into added tokens and normalized text. */
    List<Segment> extract(String input) {
        List<Segment> out = new ArrayList<>();
        for (Segment segment : raw.split(new Piece(input, true))) {
            if (segment instanceof Text(Piece piece)) {
                Piece normalizedPiece = piece.withText(normalizer.normalize(piece.text()));
                out.addAll(normalized.split(normalizedPiece));
            } else {
                out.add(segment);
            }
        }
        return out;
    }

    /** Leftmost-longest matching of a set of tokens over a character trie. */
    private static final class Matcher {
        private final Node root = new Node();

        Matcher(List<AddedToken> tokens, UnaryOperator<String> pattern) {
            for (AddedToken token : tokens) {
                String key = pattern.apply(token.content());
                if (key.isEmpty()) continue;
                Node node = root;
                for (int i = 0; i < key.length(); i++) node = node.children.computeIfAbsent(key.charAt(i), c -> new Node());
                node.token = token; // a repeated content keeps the last declaration, as the library's map does
            }
        }

        /** {@code piece} cut at the matches; empty text between matches is dropped. */
        List<Segment> split(Piece piece) {
            String text = piece.text();
            List<Segment> out = new ArrayList<>();
            int consumed = 0;
            int from = 0;
            while (from < text.length()) {
                int[] match = find(text, from);
                if (match == null) break;
                int start = match[0];
                int stop = match[1];
                AddedToken token = tokenAt(text, start, stop);
                // The search resumes after the match itself, whatever the strip options then take.
                from = stop;
                if (token.singleWord() && !isSingleWord(text, start, stop)) continue;
                if (token.lstrip()) start = Math.max(whitespaceRunBefore(text, start), consumed);
                if (token.rstrip()) stop = whitespaceRunAfter(text, stop);
                if (consumed < start) out.add(new Text(piece.slice(consumed, start)));
                out.add(new Matched(new Token(token.id(), text.substring(start, stop))));
                consumed = stop;
            }
            if (consumed < text.length()) out.add(new Text(piece.slice(consumed, text.length())));
            return out;
        }

        /** The leftmost match at or after {@code from}, the longest there: {start, end}, or null. */
        private int[] find(String text, int from) {
            for (int start = from; start < text.length(); start++) {
                Node node = root;
                int end = -1;
                for (int i = start; i < text.length(); i++) {
                    node = node.children.get(text.charAt(i));
                    if (node == null) break;
                    if (node.token != null) end = i + 1;
                }
                if (end > 0) return new int[] {start, end};
            }
            return null;
        }

        private AddedToken tokenAt(String text, int start, int end) {
            Node node = root;
            for (int i = start; i < end; i++) node = node.children.get(text.charAt(i));
            return node.token;
        }

        private static boolean isSingleWord(String text, int start, int stop) {
            boolean wordBefore = start > 0 && isWordChar(text.codePointBefore(start));
            boolean wordAfter = stop < text.length() && isWordChar(text.codePointAt(stop));
            return !wordBefore && !wordAfter;
        }

        private static boolean isWordChar(int cp) {
            return WORD_CHAR.matcher(Character.toString(cp)).matches();
        }

        private static int whitespaceRunBefore(String text, int index) {
            while (index > 0 && UnicodeClasses.isWhitespace(text.codePointBefore(index))) {
                index -= Character.charCount(text.codePointBefore(index));
            }
            return index;
        }

        private static int whitespaceRunAfter(String text, int index) {
            while (index < text.length() && UnicodeClasses.isWhitespace(text.codePointAt(index))) {
                index += Character.charCount(text.codePointAt(index));
            }
            return index;
        }
    }

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>(4);
        AddedToken token;
    }
}
