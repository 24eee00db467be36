package dev.embspace.engine.model;

import dev.embspace.engine.tensor.Matrix;

/**
 * The input side: token embeddings W_E [V, d]; learned positions [maxPositions, d] and token types
 * [types, d] where the family has them (null otherwise); BERT's embedding LayerNorm (else null).
 * {@code positionOffset} is the first position id (RoBERTa starts at padding_idx + 1).
 */
public record Embeddings(Matrix tokens, Matrix positions, Matrix tokenTypes, Norm norm, int positionOffset) {
}
