package dev.embspace.engine.project;

/** A unit (a parameter vector, numbered by the caller of the reverse index) and its score for one token. */
public record UnitScore(int unit, float score) {
}
