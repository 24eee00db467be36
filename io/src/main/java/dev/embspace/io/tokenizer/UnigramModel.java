package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece's unigram model (T5, ALBERT, XLM-R) as the library runs it: the segmentation of
 * the word into vocabulary pieces with the highest total score (Viterbi over a trie of the
 * pieces). A character that no single-character piece covers may be taken as the unknown token at
 * the lowest score minus 10; consecutive unknowns are fused into one token that keeps their text.
 * With byte fallback a piece outside the vocabulary becomes its UTF-8 byte tokens {@code <0xE2>}
 * when all of them exist.
 *
 * <p>Ties go to the first candidate found, as the library's: shorter pieces are found first, and a
 * later candidate replaces a node's best path only with a strictly higher score. Scores are added
 * in the library's order, so the doubles agree bit for bit. Work is bounded by the word length
 * times the longest piece.
 */
final class UnigramModel implements TokenModel {

    /** SentencePiece's penalty on the unknown token, below the lowest piece score. */
    private static final double UNKNOWN_PENALTY = 10.0;

    private final Path file;
    private final double[] scores;
    private final Map<String, Integer> ids;
    private final TrieNode root = new TrieNode();
    private final int unkId;
    private final boolean byteFallback;
    private final double unknownScore;

    /**
     * @param unkId the unknown token's id, or -1 when the model has none (an unknown character is
     *              then an error, as in the library)
     */
    UnigramModel(Path file, List<String> pieces, double[] scores, int unkId, boolean byteFallback) {
        this.file = file;
        this.scores = scores.clone();
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        ids = new HashMap<>(pieces.size() * 2);
        // A piece listed twice takes its last id (and that id's score), as the library's map does.
        for (int id = 0; id < pieces.size(); id++) ids.put(pieces.get(id), id);
        for (Map.Entry<String, Integer> entry : ids.entrySet()) root.insert(entry.getKey(), entry.getValue());
        unknownScore = Arrays.stream(scores).min().orElse(0) - UNKNOWN_PENALTY;
    }

    @Override
    public void tokenize(String word, List<Token> out) {
        for (String piece : segment(word)) {
            Integer id = ids.get(piece);
            if (id != null) {
                out.add(new Token(id, piece));
                continue;
            }
            if (byteFallback) {
                List<Token> bytes = BpeModel.byteTokens(ids, piece);
                if (bytes != null) {
                    out.addAll(bytes);
                    continue;
                }
            }
            out.add(new Token(unknownId(), piece));
        }
    }

    /** The best-scoring pieces of {@code word}, unknown stretches fused; their texts concatenate to the word. */
    List<String> segment(String word) {
        int n = word.length();
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        int[] via = new int[n + 1];
        Arrays.fill(from, -1);
        for (int start = 0; start < n; ) {
            int charLength = Character.charCount(word.codePointAt(start));
            double base = best[start];
            boolean singleCharacter = false;
            TrieNode node = root;
            for (int i = start; i < n && (node = node.child(word.charAt(i))) != null; i++) {
                int end = i + 1;
                // A piece cannot end inside a surrogate pair (UTF-8, the library's text, has none).
                if (node.id < 0 || (end < n && Character.isLowSurrogate(word.charAt(end)))) continue;
                double candidate = scores[node.id] + base;
                if (from[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    from[end] = start;
                    via[end] = node.id;
                }
                if (end - start == charLength) singleCharacter = true;
            }
            if (!singleCharacter) {
                int end = start + charLength;
                double candidate = unknownScore + base;
                if (from[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    from[end] = start;
                    via[end] = unknownId();
                }
            }
            start += charLength;
        }
        List<String> reversed = new ArrayList<>();
        int fusedEnd = -1;
        for (int end = n; end > 0; end = from[end]) {
            int start = from[end];
            if (via[end] == unkId) {
                if (fusedEnd < 0) fusedEnd = end;
                continue;
            }
            if (fusedEnd >= 0) reversed.add(word.substring(end, fusedEnd));
            fusedEnd = -1;
            reversed.add(word.substring(start, end));
        }
        if (fusedEnd >= 0) reversed.add(word.substring(0, fusedEnd));
        return reversed.reversed();
    }

    private int unknownId() {
        if (unkId < 0) throw new BadInputException(file, "model.unk_id: the text has a character no piece covers, and the model has no unknown token");
        return unkId;
    }

    /** A character trie of the pieces; {@code id} is the piece ending here, or -1. */
    private static final class TrieNode {
        private Map<Character, TrieNode> children;
        private int id = -1;

        TrieNode child(char c) {
            return children == null ? null : children.get(c);
        }

        void insert(String piece, int pieceId) {
            if (piece.isEmpty()) return;
            TrieNode node = this;
            for (int i = 0; i < piece.length(); i++) {
                if (node.children == null) node.children = new HashMap<>(4);
                node = node.children.computeIfAbsent(piece.charAt(i), c -> new TrieNode());
            }
            node.id = pieceId;
        }
    }
}
