package dev.embspace.engine.model;

import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

/**
 * The FF block f(x K^T) V, or for a gated MLP (f(x G^T) * (x K^T)) V. All three matrices are
 * [dFf, d] with one d-vector per row: key i, gate i and value i of FF unit i. Biases may be null
 * ({@code keyBias} has dFf entries, {@code valueBias} d).
 */
public record Mlp(Matrix key, Matrix gate, Matrix value, Tensor keyBias, Tensor valueBias, Activation activation) {

    public Mlp {
        if (key.rows() != value.rows()) {
            throw new IllegalArgumentException("ff keys " + key.rows() + " vs values " + value.rows());
        }
        if (gate != null && gate.rows() != key.rows()) {
            throw new IllegalArgumentException("ff gates " + gate.rows() + " vs keys " + key.rows());
        }
    }

    public boolean gated() {
        return gate != null;
    }

    public int units() {
        return key.rows();
    }
}
