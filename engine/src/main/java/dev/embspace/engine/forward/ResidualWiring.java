package dev.embspace.engine.forward;

import dev.embspace.engine.model.ModelSpec;

/** How a block's attention and MLP are wired around the residual stream. */
enum ResidualWiring {
    /** BERT: x = ln1(x + attn(x)); x = ln2(x + mlp(x)). */
    POST_NORM,
    /** GPT-2, Llama, NeoX without parallel residual: x += attn(ln1(x)); x += mlp(ln2(x)). */
    PRE_NORM,
    /** GPT-NeoX: both read the block input, x += attn(ln1(x)) + mlp(ln2(x)). */
    PARALLEL;

    static ResidualWiring of(ModelSpec spec) {
        if (spec.postNorm()) return POST_NORM;
        return spec.parallelResidual() ? PARALLEL : PRE_NORM;
    }
}
