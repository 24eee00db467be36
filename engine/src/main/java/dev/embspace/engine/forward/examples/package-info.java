/**
 * Which corpus contexts make FF units fire: {@link dev.embspace.engine.forward.examples.ActivatingExamples}
 * streams tokenized texts through the forward pass and keeps, per unit, the top-k activating
 * (text, position) contexts ({@link dev.embspace.engine.forward.examples.UnitExamples}) and an exact
 * one-pass histogram of all its activations ({@link dev.embspace.engine.forward.examples.Histogram}),
 * in memory O(units x (k + bins)). {@link dev.embspace.engine.forward.examples.FfUnits} names units
 * and lists every unit of a range of layers; {@link dev.embspace.engine.forward.examples.Snippet}
 * turns an example's context into readable text with the token marked.
 */
package dev.embspace.engine.forward.examples;
