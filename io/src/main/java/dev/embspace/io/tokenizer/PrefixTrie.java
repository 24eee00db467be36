package dev.embspace.io.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Strings to ids, for the longest entry that starts a text at a given place. Finding it walks the
 * text once, as far as some entry continues it: without the trie, trying ever shorter candidates
 * costs the square of the word length per step, which a file with long entries and a long
 * max_input_chars_per_word turns into a hang. Edges live in one map keyed by (node, char), which
 * keeps a 30k-entry vocabulary to a few megabytes.
 */
final class PrefixTrie {

    private final Map<Long, Integer> edges = new HashMap<>();
    private int[] ids = {-1};
    private int nodes = 1;

    void put(String key, int id) {
        int node = 0;
        for (int i = 0; i < key.length(); i++) {
            long edge = edge(node, key.charAt(i));
            Integer child = edges.get(edge);
            if (child == null) {
                child = nodes++;
                if (child == ids.length) {
                    ids = Arrays.copyOf(ids, ids.length * 2);
                    Arrays.fill(ids, child, ids.length, -1);
                }
                edges.put(edge, child);
            }
            node = child;
        }
        ids[node] = id;
    }

    /**
     * The end of the longest entry that {@code text} holds at {@code from}, ending on a code point
     * boundary at or before {@code limit}; -1 if there is none.
     */
    int longestMatch(String text, int from, int limit) {
        int node = 0;
        int best = -1;
        for (int i = from; i < limit; i++) {
            Integer child = edges.get(edge(node, text.charAt(i)));
            if (child == null) break;
            node = child;
            if (ids[node] >= 0 && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) best = i + 1;
        }
        return best;
    }

    private static long edge(int node, char c) {
        return ((long) node << 16) | c;
    }
}
