/**
 * One input in embedding space (LM-Debugger's view with TransformerLens' direct logit attribution).
 * {@link dev.embspace.engine.forward.trace.Trace} runs the engine's forward pass once with a
 * recording {@link dev.embspace.engine.forward.ForwardHook} (chained after an
 * {@link dev.embspace.engine.forward.Intervention} when units or heads are ablated or scaled);
 * {@link dev.embspace.engine.forward.trace.TracedRun} then reads the recording per position: the lens
 * at three points per layer, the dominant FF sub-updates, each head's direct contribution, and the
 * {@link dev.embspace.engine.forward.trace.Attribution} of a token's logit. Norms on the residual path
 * are frozen at their value for the input ({@link dev.embspace.engine.forward.trace.FrozenNorm},
 * {@link dev.embspace.engine.forward.trace.ResidualPath}), which makes that path linear, so the
 * parts sum to the logit.
 */
package dev.embspace.engine.forward.trace;
