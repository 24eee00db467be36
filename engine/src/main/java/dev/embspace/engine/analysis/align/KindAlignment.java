package dev.embspace.engine.analysis.align;

import dev.embspace.engine.model.VectorKind;

import java.util.List;

/**
 * The alignment of one parameter kind. {@code matrix[i][j]} is the mean |Pearson correlation|
 * across the vocabulary between the vectors of layer i of A and of layer j of B;
 * {@code matching.get(i)} is the layer of B that maximum-weight matching gives layer i of A, or null
 * where A has more layers than B. The raw fields hold the same for the correlation over the d
 * features, or are null when the widths differ (or the baseline was not asked for).
 */
public record KindAlignment(VectorKind kind, double[][] matrix, List<Integer> matching,
                            double[][] rawMatrix, List<Integer> rawMatching) {
}
