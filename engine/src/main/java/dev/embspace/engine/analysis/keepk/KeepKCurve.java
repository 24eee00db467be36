package dev.embspace.engine.analysis.keepk;

/**
 * One family's curves: at each k of the grid, the cosine similarity between the family's Gram
 * matrix X X^T and the Gram matrix of its keep-k reconstructions, reading back through E^T
 * ({@code transpose}) and through the pseudo-inverse E^+ ({@code pseudoInverse}).
 */
public record KeepKCurve(VectorFamily family, int samples, double[] transpose, double[] pseudoInverse) {
}
