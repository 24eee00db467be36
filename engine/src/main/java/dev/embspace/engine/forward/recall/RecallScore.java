package dev.embspace.engine.forward.recall;

/**
 * Mean recall@k over positions: the share of the hidden state's top-k tokens found among the
 * top-k tokens of the position's most activated parameter vectors; {@code random} pairs each
 * hidden state with the parameters activated at another position instead.
 */
public record RecallScore(double recall, double random) {
}
