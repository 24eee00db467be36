package dev.embspace.engine.forward.examples;

import dev.embspace.engine.UsageException;

/**
 * How {@link ActivatingExamples} scans a corpus.
 *
 * @param k             contexts kept per unit
 * @param context       tokens of context kept on each side of an example's token
 * @param bins          at most this many histogram bins per unit (see {@link StreamingHistogram})
 * @param batchTokens   tokens per forward batch at most: with the captured activations of every
 *                      scanned layer, this bounds the memory of a batch
 * @param maxTokens     token positions to scan in all (the corpus is cut there)
 */
public record ExampleOptions(int k, int context, int bins, int batchTokens, long maxTokens) {

    public static final int DEFAULT_BINS = 64;
    public static final int DEFAULT_BATCH_TOKENS = 1024;

    public ExampleOptions {
        if (k < 1) throw new UsageException("-k must be at least 1, got " + k);
        if (context < 0) throw new UsageException("--context must be >= 0, got " + context);
        if (bins < 2) throw new IllegalArgumentException("a histogram needs at least 2 bins, got " + bins);
        if (batchTokens < 1) throw new UsageException("--batch-tokens must be at least 1, got " + batchTokens);
        if (maxTokens < 1) throw new UsageException("--max-tokens must be at least 1, got " + maxTokens);
    }

    /** k contexts of {@code context} tokens a side over the whole corpus, with the default bins and batches. */
    public static ExampleOptions of(int k, int context) {
        return new ExampleOptions(k, context, DEFAULT_BINS, DEFAULT_BATCH_TOKENS, Long.MAX_VALUE);
    }

    public ExampleOptions withBatchTokens(int tokens) {
        return new ExampleOptions(k, context, bins, tokens, maxTokens);
    }

    public ExampleOptions withMaxTokens(long tokens) {
        return new ExampleOptions(k, context, bins, batchTokens, tokens);
    }
}
