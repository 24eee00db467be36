package dev.embspace.engine.model;

import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

/**
 * A sequence-classification head (Hugging Face {@code *ForSequenceClassification}: BERT's
 * {@code classifier}, GPT-2's and Llama's {@code score}): one d-vector per class, the direction
 * whose dot product with the pooled hidden state is that class's logit. The paper reads these rows
 * (and their fine-tuning difference) as tokens; they are addressed {@code head.classifier.{class}}.
 *
 * @param weight [classes, d], row c the vector of class c
 * @param bias   [classes], or null
 */
public record ClassifierHead(Matrix weight, Tensor bias) {

    public int classes() {
        return weight.rows();
    }
}
