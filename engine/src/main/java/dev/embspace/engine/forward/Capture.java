package dev.embspace.engine.forward;

import java.util.function.IntPredicate;

/**
 * Which per-layer activations a forward pass keeps (they cost T x d, T x dFf and T x d floats per
 * layer, so only what is asked for is stored).
 *
 * @param residual       the residual stream after each block (before any final norm)
 * @param ffHidden       each FF unit's coefficient on its value vector: f(x K^T) post-activation,
 *                       or f(x G^T) * (x K^T) for a gated MLP
 * @param attentionHeads each head's output before W_O (TransformerLens' z): dh coefficients on the
 *                       head's rows of o
 * @param layers         the layers to capture
 */
public record Capture(boolean residual, boolean ffHidden, boolean attentionHeads, IntPredicate layers) {

    private static final IntPredicate ALL_LAYERS = layer -> true;

    public Capture {
        if (layers == null) layers = ALL_LAYERS;
    }

    /** Only the last hidden states. */
    public static Capture none() {
        return new Capture(false, false, false, ALL_LAYERS);
    }

    /** Everything, at every layer. */
    public static Capture all() {
        return new Capture(true, true, true, ALL_LAYERS);
    }

    /** The residual stream at every layer (what the logit lens reads). */
    public static Capture residualStream() {
        return new Capture(true, false, false, ALL_LAYERS);
    }

    /** The same kinds of activation, restricted to {@code which} layers. */
    public Capture onlyLayers(IntPredicate which) {
        return new Capture(residual, ffHidden, attentionHeads, which);
    }

    boolean any(int layer) {
        return (residual || ffHidden || attentionHeads) && layers.test(layer);
    }
}
