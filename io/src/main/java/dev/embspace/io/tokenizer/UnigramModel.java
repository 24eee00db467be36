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
    private final PieceTrie trie = new PieceTrie();
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
        for (Map.Entry<String, Integer> entry : ids.entrySet()) trie.insert(entry.getKey(), entry.getValue());
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
            int node = PieceTrie.ROOT;
            for (int i = start; i < n && (node = trie.child(node, word.charAt(i))) >= 0; i++) {
                int end = i + 1;
                int id = trie.pieceId(node);
                // A piece cannot end inside a surrogate pair (UTF-8, the library's text, has none).
                if (id < 0 || (end < n && Character.isLowSurrogate(word.charAt(end)))) continue;
                double candidate = scores[id] + base;
                if (from[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    from[end] = start;
                    via[end] = id;
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

    /**
     * A character trie of the pieces, all edges in one map keyed by (node, char) rather than a map
     * per node: a 250,000-piece vocabulary (XLM-R's) makes about a million nodes.
     */
    private static final class PieceTrie {
        static final int ROOT = 0;
        private final Map<Long, Integer> edges = new HashMap<>();
        private int[] pieceIds = {-1};
        private int nodes = 1;

        /** The node reached from {@code node} by {@code c}, or -1. */
        int child(int node, char c) {
            Integer child = edges.get(key(node, c));
            return child == null ? -1 : child;
        }

        /** The piece ending at {@code node}, or -1. */
        int pieceId(int node) {
            return pieceIds[node];
        }

        void insert(String piece, int pieceId) {
            if (piece.isEmpty()) return;
            int node = ROOT;
            for (int i = 0; i < piece.length(); i++) {
                int from = node;
                node = edges.computeIfAbsent(key(from, piece.charAt(i)), k -> newNode());
            }
            pieceIds[node] = pieceId;
        }

        private int newNode() {
            if (nodes == pieceIds.length) {
                int old = pieceIds.length;
                pieceIds = Arrays.copyOf(pieceIds, old * 2);
                Arrays.fill(pieceIds, old, pieceIds.length, -1);
            }
            return nodes++;
        }

        private static long key(int node, char c) {
            return ((long) node << 16) | c;
        }
    }
}
