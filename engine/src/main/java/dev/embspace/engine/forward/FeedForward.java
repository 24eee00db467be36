package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Mlp;

/**
 * The FF block: f(x K^T + b) V + b', or for a gated MLP (f(x G^T) * (x K^T)) V. Either way the
 * hidden row holds one coefficient per FF unit, the weight with which that unit's value vector is
 * written to the residual stream; that is what a capture of the FF activations keeps.
 */
final class FeedForward {

    private final Affine keys;
    private final Affine gates;
    /** hidden [T x dFf] times V: V's transpose is the "rows are vectors" operand of that product. */
    private final Affine values;
    private final Activation activation;

    FeedForward(Mlp mlp) {
        this.keys = new Affine(mlp.key(), mlp.keyBias());
        this.gates = mlp.gated() ? new Affine(mlp.gate(), null) : null;
        this.values = new Affine(mlp.value().transpose(), mlp.valueBias());
        this.activation = mlp.activation();
    }

    int units() {
        return keys.outputs();
    }

    /** The hidden coefficients [T x dFf] for the normed input {@code x} [T x d]. */
    float[] hidden(float[] x, int tokens) {
        float[] hidden = keys.apply(x, tokens);
        int units = keys.outputs();
        ActivationKernel kernel = ActivationKernel.get();
        if (gates == null) {
            RowTasks.forEachChunk(tokens, (from, to) -> kernel.apply(activation, hidden, from * units, to * units));
        } else {
            float[] gate = gates.apply(x, tokens);
            RowTasks.forEachChunk(tokens, (from, to) -> kernel.applyGated(activation, hidden, gate, from * units, to * units));
        }
        return hidden;
    }

    /** The FF output [T x d] for the hidden coefficients. */
    float[] output(float[] hidden, int tokens) {
        return values.apply(hidden, tokens);
    }
}
