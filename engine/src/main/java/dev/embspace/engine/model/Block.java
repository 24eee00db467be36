package dev.embspace.engine.model;

/**
 * One transformer layer. {@code attnNorm} and {@code mlpNorm} are the two norms of the layer in
 * the family's placement (see {@link ModelSpec#postNorm()}): before attention and before the MLP
 * for pre-LN models, after each residual addition for BERT's post-LN.
 */
public record Block(int index, Norm attnNorm, Attention attention, Norm mlpNorm, Mlp mlp) {
}
