package dev.embspace.engine.analysis.keepk;

/**
 * One family's curves: at each k of the grid, the cosine similarity between the family's Gram
 * matrix X X^T and its keep-k reconstruction through the vocabulary, with E^T as the reading map
 * ({@code transpose}) and with the pseudo-inverse ({@code pseudoInverse}); see {@link KeepK}.
 */
public record KeepKCurve(VectorFamily family, int samples, double[] transpose, double[] pseudoInverse) {
}
