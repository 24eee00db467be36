package dev.embspace.engine.forward;

/**
 * A look inside a running forward pass, TransformerLens-style: the pass calls it at fixed points
 * of every block with the packed [T x ...] buffer of that point (see {@link Batch}). Residual
 * points are for reading only; the heads' z and the FF coefficients may be changed in place before
 * W_O and V write them, which is how interventions (ablating or scaling units and heads) work.
 * The default methods do nothing, so a hook that overrides nothing leaves the pass bit for bit as
 * it is without one.
 */
public interface ForwardHook {

    /** The hook that does nothing. */
    ForwardHook NONE = new ForwardHook() {
    };

    /** Where in a block {@link #residual} is called. */
    enum Point {
        /** The residual stream entering the block. */
        PRE_ATTN,
        /** The attention sublayer's output (all heads through W_O, plus its bias), before it is added. */
        ATTN_OUT,
        /** The residual stream after the attention sublayer (after BERT's first LayerNorm). */
        POST_ATTN,
        /** The FF sublayer's output (all units through V, plus its bias), before it is added. */
        FF_OUT,
        /** The residual stream leaving the block (before any final norm). */
        POST_FF
    }

    /** Observes {@code values} [T x d] at {@code point} of {@code layer}; must not change them. */
    default void residual(int layer, Point point, Batch batch, float[] values) {
    }

    /** Each head's z [T x heads*dh] of {@code layer} before W_O (head h in columns [h*dh, (h+1)*dh)); may be changed in place. */
    default void attentionHeads(int layer, Batch batch, int headDim, float[] z) {
    }

    /** The FF coefficients [T x dFf] of {@code layer} before V; may be changed in place. */
    default void ffHidden(int layer, Batch batch, float[] hidden) {
    }
}
