package dev.embspace.engine.forward;

/**
 * Which keys a query may attend to inside its own sequence: all of them (BERT) or those at or
 * before it (decoders). Across sequences nothing is visible, which {@link Batch}'s packing gives
 * for free, so this is also the padding mask: a pad never exists as a key.
 */
enum AttentionMask {
    BIDIRECTIONAL,
    CAUSAL;

    /** Keys [0, visibleKeys) are visible to the query at {@code position} of a sequence of {@code length}. */
    int visibleKeys(int position, int length) {
        return this == CAUSAL ? position + 1 : length;
    }
}
