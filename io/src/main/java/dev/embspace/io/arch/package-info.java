/**
 * From Hugging Face checkpoints to the engine's one {@link dev.embspace.engine.model.Transformer}
 * view. {@link dev.embspace.io.arch.Architectures#load} reads {@code config.json}
 * ({@link dev.embspace.io.arch.ModelConfig}) and hands the checkpoint to the adapter of its
 * {@code model_type}: GPT-2, the BERT family, GPT-NeoX, the Llama family.
 *
 * <p>The engine's layout rule is that every parameter matrix has one d-vector per row. Checkpoints
 * store the same matrices in several ways (GPT-2's Conv1D [in, out], torch Linear [out, in], NeoX's
 * per-head fused q/k/v), so each adapter states, tensor by tensor, whether the vectors are rows or
 * columns and builds a zero-copy strided {@link dev.embspace.engine.tensor.Matrix} view over the
 * mapped file. Every tensor is checked against the shape the config implies before it is used.
 */
package dev.embspace.io.arch;
