package dev.embspace.engine.model;

/** The architecture families the engine understands; each has an adapter in the io module. */
public enum Family {
    GPT2,
    BERT,
    GPT_NEOX,
    LLAMA
}
