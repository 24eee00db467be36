package dev.embspace.engine.analysis.pairs;

/**
 * Mean top-k Jaccard overlap in one layer for each relation, and for the same vectors under a
 * shuffled pairing: kv (ff key i with ff value i), vo (W_V with W_O per head dimension), qk (W_Q
 * with W_K per head dimension).
 */
public record LayerOverlap(int layer, double kv, double kvShuffled, double vo, double voShuffled,
                           double qk, double qkShuffled) {
}
