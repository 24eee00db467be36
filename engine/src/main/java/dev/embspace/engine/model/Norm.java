package dev.embspace.engine.model;

import dev.embspace.engine.tensor.Tensor;

/** A LayerNorm (weight and bias) or RMSNorm (weight only, bias null). */
public record Norm(Kind kind, Tensor weight, Tensor bias, float eps) {

    public enum Kind { LAYER_NORM, RMS_NORM }

    public static Norm layerNorm(Tensor weight, Tensor bias, float eps) {
        return new Norm(Kind.LAYER_NORM, weight, bias, eps);
    }

    public static Norm rmsNorm(Tensor weight, float eps) {
        return new Norm(Kind.RMS_NORM, weight, null, eps);
    }
}
