package dev.embspace.engine.project;

/** An entry of a head circuit: from token, to token (see {@link Circuit} for which is which), score. */
public record TokenPair(int from, int to, float score) {
}
