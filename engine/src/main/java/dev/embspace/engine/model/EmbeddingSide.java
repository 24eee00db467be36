package dev.embspace.engine.model;

/** Which matrix plays E: the output embedding (lm_head, or the tied input one) or the input one. */
public enum EmbeddingSide { OUTPUT, INPUT }
