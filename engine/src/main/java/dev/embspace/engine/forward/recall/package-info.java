/**
 * The paper's check of parameter projections against the forward pass:
 * {@link dev.embspace.engine.forward.recall.RecallExperiment} compares, position by position, the
 * top tokens of each layer's hidden state with those of the parameter vectors (FF keys and values,
 * attention W_V and W_O vectors) of the most activated units, against a random pairing of positions.
 */
package dev.embspace.engine.forward.recall;
