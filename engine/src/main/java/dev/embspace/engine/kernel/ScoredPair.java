package dev.embspace.engine.kernel;

/** Entry (row, col) of a product A B^T and its value. */
public record ScoredPair(int row, int col, float score) {
}
