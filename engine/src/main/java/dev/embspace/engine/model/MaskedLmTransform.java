package dev.embspace.engine.model;

import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

/**
 * The transform a BERT masked-LM head applies to a hidden state before its decoder (tied to E):
 * LayerNorm(f(dense h + bias)) (Hugging Face's BertPredictionHeadTransform, RoBERTa's lm_head
 * dense / gelu / layer_norm). Reading a hidden state as tokens the way the model does needs it;
 * sentence encoders saved without their MLM head do not have one.
 *
 * @param dense [d, d], row i the d-vector output i reads (torch Linear layout)
 */
public record MaskedLmTransform(Matrix dense, Tensor bias, Activation activation, Norm norm) {
}
