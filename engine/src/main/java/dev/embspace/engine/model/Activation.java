package dev.embspace.engine.model;

/** The FF nonlinearity f in f(x K^T) V. */
public enum Activation {
    /** Exact GELU with erf (BERT's "gelu", NeoX's "gelu"). */
    GELU,
    /** The tanh approximation (GPT-2's "gelu_new", "gelu_pytorch_tanh"). */
    GELU_TANH,
    RELU,
    /** SiLU / swish, applied to the gate of a gated MLP (Llama). */
    SILU
}
