package dev.embspace.engine.forward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a stream of token sequences into forward-pass batches of a bounded number of tokens, so a
 * corpus of any size runs in bounded memory (captured activations grow with the tokens of a batch),
 * and caps the tokens taken in total, cutting the last sequence short rather than dropping it.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * @param sequences   token ids per sequence, in corpus order; empty ones are skipped
     * @param maxTokens   tokens to take in total (the corpus is cut there)
     * @param batchTokens tokens per batch at most (a longer sequence gets a batch of its own)
     */
    public static List<int[][]> of(List<int[]> sequences, long maxTokens, int batchTokens) {
        if (maxTokens < 0) throw new IllegalArgumentException("the token cap must be >= 0, got " + maxTokens);
        if (batchTokens < 1) throw new IllegalArgumentException("batches must hold at least 1 token, got " + batchTokens);
        List<int[][]> batches = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        long taken = 0;
        int inBatch = 0;
        for (int[] sequence : sequences) {
            if (taken >= maxTokens) break;
            int[] kept = sequence.length <= maxTokens - taken ? sequence : Arrays.copyOf(sequence, (int) (maxTokens - taken));
            if (kept.length == 0) continue;
            if (inBatch > 0 && inBatch + kept.length > batchTokens) {
                batches.add(current.toArray(int[][]::new));
                current.clear();
                inBatch = 0;
            }
            current.add(kept);
            inBatch += kept.length;
            taken += kept.length;
        }
        if (!current.isEmpty()) batches.add(current.toArray(int[][]::new));
        return batches;
    }
}
