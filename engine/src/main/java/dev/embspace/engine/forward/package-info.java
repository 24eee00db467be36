/**
 * The forward pass: what a model does on real text, for the analyses that compare it with what its
 * parameters say.
 * <ul>
 *   <li>{@link dev.embspace.engine.forward.ForwardPass}{@code .of(model).run(ids, tokenTypes, capture)}
 *       runs a batch of token sequences through any {@link dev.embspace.engine.model.Transformer}
 *       (BERT family, GPT-2, GPT-NeoX, Llama family) and returns a
 *       {@link dev.embspace.engine.forward.ForwardResult}: the last hidden states as Hugging Face's
 *       last_hidden_state defines them, and the per-layer activations the
 *       {@link dev.embspace.engine.forward.Capture} asked for (residual stream after each block,
 *       FF coefficients, attention head outputs before W_O). A pass is immutable and may run
 *       batches from several threads.</li>
 *   <li>Sequences of a batch keep their own lengths: they are packed end to end
 *       ({@link dev.embspace.engine.forward.Batch}) and attend only within themselves, which is what
 *       a padded, masked batch computes at its real tokens.</li>
 *   <li>{@link dev.embspace.engine.forward.LogitLens} reads each layer's residual stream through the
 *       final norm and E; {@link dev.embspace.engine.forward.Pooling} makes one vector per text;
 *       {@link dev.embspace.engine.forward.Batches} cuts a corpus into bounded batches.</li>
 *   <li>Products go through {@link dev.embspace.engine.kernel.Gemm#get()}; the nonlinearities through
 *       an activation kernel whose scalar reference is {@code Nonlinearity}.</li>
 * </ul>
 * The paper's hidden-state versus parameter experiment is in {@code dev.embspace.engine.forward.recall};
 * the top activating corpus contexts of FF units in {@code dev.embspace.engine.forward.examples};
 * one input read layer by layer, with logit attribution and interventions (through
 * {@link dev.embspace.engine.forward.ForwardHook}), in {@code dev.embspace.engine.forward.trace}.
 */
package dev.embspace.engine.forward;
