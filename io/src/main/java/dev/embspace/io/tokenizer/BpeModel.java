package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding as the Hugging Face library runs it: start from one symbol per character
 * (unknown characters become their UTF-8 byte tokens {@code <0xE2>} under byte fallback, else the
 * unknown token, consecutive ones fused if {@code fuseUnk}), then repeatedly apply the
 * lowest-ranked merge present, leftmost first, until none applies. With {@code ignoreMerges} a
 * word that is itself in the vocabulary is taken whole, as Llama 3's tokenizer asks.
 */
final class BpeModel implements TokenModel {

    /** Words remembered; the library caches the same way and stops adding when full. */
    private static final int CACHE_CAPACITY = 10_000;

    private final Path file;
    private final Map<String, Integer> vocab;
    private final String[] tokens;
    private final MergeTable merges;
    private final Options options;
    private final Map<String, Token[]> cache = new ConcurrentHashMap<>();

    /**
     * @param unkToken                the unknown token, or null to drop unknown characters (the library does)
     * @param continuingSubwordPrefix prefix of non-initial symbols, or null
     * @param endOfWordSuffix         suffix of the final symbol, or null
     */
    record Options(String unkToken, String continuingSubwordPrefix, String endOfWordSuffix, boolean fuseUnk,
                   boolean byteFallback, boolean ignoreMerges) {
    }

    BpeModel(Path file, Map<String, Integer> vocab, List<String[]> mergePairs, Options options) {
        this.file = file;
        this.vocab = Map.copyOf(vocab);
        this.options = options;
        int size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.tokens = new String[size];
        vocab.forEach((token, id) -> tokens[id] = token);
        this.merges = MergeTable.build(file, this.vocab, mergePairs, options.continuingSubwordPrefix());
    }

    @Override
    public void tokenize(String word, List<Token> out) {
        if (word.isEmpty()) return;
        if (options.ignoreMerges()) {
            Integer id = vocab.get(word);
            if (id != null) {
                out.add(new Token(id, word));
                return;
            }
        }
        Token[] cached = cache.get(word);
        if (cached == null) {
            cached = mergeWord(word);
            if (cache.size() < CACHE_CAPACITY) cache.put(word, cached);
        }
        out.addAll(Arrays.asList(cached));
    }

    private Token[] mergeWord(String word) {
        int[] ids = initialSymbols(word);
        int[] merged = merges.mergeAll(ids);
        Token[] result = new Token[merged.length];
        for (int i = 0; i < merged.length; i++) result[i] = new Token(merged[i], tokens[merged[i]]);
        return result;
    }

    /** One symbol per character, with the unknown and byte-fallback rules applied. */
    private int[] initialSymbols(String word) {
        List<Integer> symbols = new ArrayList<>(word.length());
        int pendingUnk = -1;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int next = i + Character.charCount(cp);
            String symbol = Character.toString(cp);
            if (i > 0 && options.continuingSubwordPrefix() != null) symbol = options.continuingSubwordPrefix() + symbol;
            if (next == word.length() && options.endOfWordSuffix() != null) symbol = symbol + options.endOfWordSuffix();
            i = next;
            Integer id = vocab.get(symbol);
            if (id != null) {
                if (pendingUnk >= 0) symbols.add(pendingUnk);
                pendingUnk = -1;
                symbols.add(id);
                continue;
            }
            if (options.byteFallback()) {
                List<Token> byteTokens = byteTokens(vocab, symbol);
                if (byteTokens != null) {
                    // Like the library, a pending unknown is not flushed here: it lands after these bytes.
                    for (Token b : byteTokens) symbols.add(b.id());
                    continue;
                }
            }
            if (options.unkToken() != null) {
                int unk = unknownId();
                if (pendingUnk >= 0 && !options.fuseUnk()) symbols.add(pendingUnk);
                pendingUnk = unk;
            }
        }
        if (pendingUnk >= 0) symbols.add(pendingUnk);
        return symbols.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The {@code <0xNN>} tokens of the symbol's UTF-8 bytes, or null if one is missing from
     * {@code vocab}: byte fallback, shared with {@link UnigramModel}.
     */
    static List<Token> byteTokens(Map<String, Integer> vocab, String symbol) {
        byte[] bytes = symbol.getBytes(StandardCharsets.UTF_8);
        List<Token> tokens = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            String name = String.format("<0x%02X>", b & 0xFF);
            Integer id = vocab.get(name);
            if (id == null) return null;
            tokens.add(new Token(id, name));
        }
        return tokens;
    }

    private int unknownId() {
        Integer id = vocab.get(options.unkToken());
        if (id == null) {
            throw new BadInputException(file, "the unknown token '" + options.unkToken() + "' is not in the vocabulary");
        }
        return id;
    }

    /**
     * The merge rules by pair of symbol ids: each pair's rank (its line in the merges list, lower
     * first) and the id of the merged symbol.
     */
    static final class MergeTable {
        private final Map<Long, Long> rules;

        private MergeTable(Map<Long, Long> rules) {
            this.rules = rules;
        }

        static MergeTable build(Path file, Map<String, Integer> vocab, List<String[]> pairs, String prefix) {
            Map<Long, Long> rules = new HashMap<>(pairs.size() * 2);
            int prefixLength = prefix == null ? 0 : prefix.length();
            for (int rank = 0; rank < pairs.size(); rank++) {
                String[] pair = pairs.get(rank);
                Integer left = vocab.get(pair[0]);
                Integer right = vocab.get(pair[1]);
                // The right side carries the continuation prefix, which the merged token has only once.
                String joined = pair[0] + pair[1].substring(Math.min(prefixLength, pair[1].length()));
                Integer merged = vocab.get(joined);
                if (left == null || right == null || merged == null) {
                    String missing = left == null ? pair[0] : right == null ? pair[1] : joined;
                    throw new BadInputException(file, "merge " + (rank + 1) + " ('" + ReadableText.of(pair[0]) + " "
                            + ReadableText.of(pair[1]) + "') uses '" + ReadableText.of(missing) + "', which is not in the vocabulary");
                }
                // A repeated pair keeps its last rank, as a map built from the list does in the library.
                rules.put(key(left, right), ((long) rank << 32) | merged);
            }
            return new MergeTable(rules);
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }

        /** The rule for the pair, as (rank << 32 | merged id), or -1. */
        private long rule(int left, int right) {
            Long rule = rules.get(key(left, right));
            return rule == null ? -1 : rule;
        }

        /**
         * Applies merges until none is left: a queue of candidate merges ordered by rank then position;
         * stale candidates (a side already merged away) are skipped when popped.
         */
        int[] mergeAll(int[] ids) {
            int n = ids.length;
            int[] symbol = ids.clone();
            int[] prev = new int[n];
            int[] next = new int[n];
            boolean[] removed = new boolean[n];
            for (int i = 0; i < n; i++) {
                prev[i] = i - 1;
                next[i] = i + 1 < n ? i + 1 : -1;
            }
            PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            for (int i = 0; i + 1 < n; i++) offer(queue, i, symbol[i], symbol[i + 1]);
            while (!queue.isEmpty()) {
                long[] top = queue.poll();
                int pos = (int) top[1];
                int mergedId = (int) top[2];
                if (removed[pos] || next[pos] < 0) continue;
                int right = next[pos];
                long rule = rule(symbol[pos], symbol[right]);
                if (rule < 0 || (int) rule != mergedId) continue;
                symbol[pos] = mergedId;
                removed[right] = true;
                next[pos] = next[right];
                if (next[right] >= 0) prev[next[right]] = pos;
                if (prev[pos] >= 0) offer(queue, prev[pos], symbol[prev[pos]], symbol[pos]);
                if (next[pos] >= 0) offer(queue, pos, symbol[pos], symbol[next[pos]]);
            }
            int[] out = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) if (!removed[i]) out[count++] = symbol[i];
            return Arrays.copyOf(out, count);
        }

        private void offer(PriorityQueue<long[]> queue, int pos, int left, int right) {
            long rule = rule(left, right);
            if (rule >= 0) queue.add(new long[] {rule >>> 32, pos, (int) rule});
        }
    }
}
