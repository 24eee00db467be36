package dev.embspace.atlas.site;

import java.util.Arrays;

/**
 * For every token, the units whose top-k (as the layer pages show it) contains that token, with
 * its rank there: the layer pages' lists turned around, which the search page needs to answer
 * "which units list this token" without loading every layer. Entries are packed longs (token,
 * unit code, rank) in one growing array, sorted by token once all layers are in.
 */
public final class TokenMembership {

    private long[] entries = new long[1 << 16];
    private int size;

    /** Token {@code token} is at {@code rank} (0 = top) of the unit with {@code code}. */
    public synchronized void add(int token, int code, int rank) {
        if (rank > 0xFF) return; // ranks past 255 are not listed (k is at most that on a page)
        if (size == entries.length) entries = Arrays.copyOf(entries, entries.length * 2);
        entries[size++] = ((long) token << 40) | ((long) code << 8) | rank;
    }

    /** The entries grouped by token: {@code codes[offsets[t] .. offsets[t + 1])} are token t's units. */
    public record Grouped(int[] offsets, int[] codes, int[] ranks) {
    }

    /** Groups everything added so far by token (in order of rank within a unit's order of arrival). */
    public synchronized Grouped group(int vocabulary) {
        Arrays.sort(entries, 0, size);
        int[] offsets = new int[vocabulary + 1];
        int[] codes = new int[size];
        int[] ranks = new int[size];
        for (int e = 0; e < size; e++) {
            offsets[token(entries[e]) + 1]++;
            codes[e] = (int) ((entries[e] >>> 8) & 0xFFFFFFFFL);
            ranks[e] = (int) (entries[e] & 0xFF);
        }
        for (int t = 0; t < vocabulary; t++) offsets[t + 1] += offsets[t];
        return new Grouped(offsets, codes, ranks);
    }

    private static int token(long entry) {
        return (int) (entry >>> 40);
    }
}
