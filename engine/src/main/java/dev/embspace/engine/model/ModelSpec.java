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
 * @param ropeScaling     the config's rope_scaling type (Llama 3, YaRN, ...), or null for plain
 *                        rotary; the weights read the same either way, only a forward pass differs
 * @param interleavedRotary rotary turns neighbouring dimensions (2i, 2i + 1) of a head, as ggml
 *                        does for the q and k rows llama.cpp permuted, rather than i and i + half
 */
public record ModelSpec(Family family, String modelType, int vocabSize, int dModel, int layers,
                        int heads, int kvHeads, int headDim, int dFf, int maxPositions,
                        Activation activation, boolean postNorm, boolean parallelResidual,
                        float rotaryFraction, float ropeTheta, boolean tiedEmbeddings, String ropeScaling,
                        boolean interleavedRotary) {

    /** A spec whose rotary, if any, rotates halves (Hugging Face's rotate_half). */
    public ModelSpec(Family family, String modelType, int vocabSize, int dModel, int layers,
                     int heads, int kvHeads, int headDim, int dFf, int maxPositions,
                     Activation activation, boolean postNorm, boolean parallelResidual,
                     float rotaryFraction, float ropeTheta, boolean tiedEmbeddings, String ropeScaling) {
        this(family, modelType, vocabSize, dModel, layers, heads, kvHeads, headDim, dFf, maxPositions,
                activation, postNorm, parallelResidual, rotaryFraction, ropeTheta, tiedEmbeddings, ropeScaling, false);
    }

    /** A spec with plain rotary embeddings (no rope_scaling). */
    public ModelSpec(Family family, String modelType, int vocabSize, int dModel, int layers,
                     int heads, int kvHeads, int headDim, int dFf, int maxPositions,
                     Activation activation, boolean postNorm, boolean parallelResidual,
                     float rotaryFraction, float ropeTheta, boolean tiedEmbeddings) {
        this(family, modelType, vocabSize, dModel, layers, heads, kvHeads, headDim, dFf, maxPositions,
                activation, postNorm, parallelResidual, rotaryFraction, ropeTheta, tiedEmbeddings, null);
    }
}
