package dev.embspace.engine.forward;

import dev.embspace.engine.tensor.Matrix;

/**
 * How a batch of sequences of different lengths sits in the forward pass's buffers: packed end to
 * end, one row per real token, sequence s occupying rows [offset(s), offset(s) + length(s)).
 * Packing is the engine's form of padding: attention is computed per sequence (see
 * {@link AttentionMask}), so no position ever sees another sequence or a pad, and no work is spent
 * on pad rows. A padded, masked batch in Hugging Face gives the same hidden states at real tokens.
 */
public final class Batch {

    private final int[] offsets;

    private Batch(int[] offsets) {
        this.offsets = offsets;
    }

    /** The layout of {@code ids}, one array per sequence, each at its own length. */
    public static Batch of(int[][] ids) {
        int[] offsets = new int[ids.length + 1];
        for (int s = 0; s < ids.length; s++) {
            offsets[s + 1] = Math.addExact(offsets[s], ids[s].length);
        }
        return new Batch(offsets);
    }

    public int sequences() {
        return offsets.length - 1;
    }

    /** Real tokens in the whole batch: the rows of every packed buffer. */
    public int tokens() {
        return offsets[offsets.length - 1];
    }

    public int length(int sequence) {
        return offsets[sequence + 1] - offsets[sequence];
    }

    /** The row of the first token of {@code sequence}. */
    public int offset(int sequence) {
        return offsets[sequence];
    }

    public int maxLength() {
        int max = 0;
        for (int s = 0; s < sequences(); s++) max = Math.max(max, length(s));
        return max;
    }

    /** The rows of {@code packed} (one row per token of the batch) that belong to {@code sequence}. */
    public Matrix rows(Matrix packed, int sequence) {
        return packed.rowRange(offset(sequence), offset(sequence) + length(sequence));
    }
}
