package dev.embspace.engine.project;

/** A token id and its score. */
public record TokenScore(int id, float score) {
}
