package dev.embspace.engine.model;

/**
 * The sizes and conventions of a model, normalised across families from its config.json.
 *
 * @param modelType       config's model_type as written ("gpt2", "bert", "llama", ...)
 * @param postNorm        true for BERT-style post-LN (norm after each residual add)
 * @param parallelResidual GPT-NeoX: attention and MLP both read the block input
 * @param rotaryFraction  fraction of each head's dimensions that get rotary embeddings (0: none)
 * @param ropeTheta       rotary base
 * @param tiedEmbeddings  the output embedding is the input embedding
 */
public record ModelSpec(Family family, String modelType, int vocabSize, int dModel, int layers,
                        int heads, int kvHeads, int headDim, int dFf, int maxPositions,
                        Activation activation, boolean postNorm, boolean parallelResidual,
                        float rotaryFraction, float ropeTheta, boolean tiedEmbeddings) {
}
