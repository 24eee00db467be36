package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;

/** The reference: {@link Nonlinearity}'s scalar functions, one element at a time. */
final class ScalarActivationKernel implements ActivationKernel {

    static final ScalarActivationKernel INSTANCE = new ScalarActivationKernel();

    private ScalarActivationKernel() {
    }

    @Override
    public void apply(Activation activation, float[] values, int from, int to) {
        for (int i = from; i < to; i++) values[i] = Nonlinearity.apply(activation, values[i]);
    }

    @Override
    public void applyGated(Activation activation, float[] values, float[] gates, int from, int to) {
        for (int i = from; i < to; i++) values[i] *= Nonlinearity.apply(activation, gates[i]);
    }
}
