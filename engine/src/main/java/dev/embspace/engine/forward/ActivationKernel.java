package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.Vectorization;
import dev.embspace.engine.model.Activation;

/**
 * The FF nonlinearity over a run of a hidden buffer: plain f(h) for the classic MLP, or
 * f(gate) * h for a gated one. One implementation is chosen once ({@link #get()}); the scalar one,
 * a loop over {@link Nonlinearity}, is the reference the SIMD one is tested against. After the
 * products, this is the forward pass's largest cost: one transcendental per FF unit and token.
 */
interface ActivationKernel {

    /** values[i] = f(values[i]) for i in [from, to). */
    void apply(Activation activation, float[] values, int from, int to);

    /** values[i] = f(gates[i]) * values[i] for i in [from, to). */
    void applyGated(Activation activation, float[] values, float[] gates, int from, int to);

    static ActivationKernel scalar() {
        return ScalarActivationKernel.INSTANCE;
    }

    /** The SIMD kernel when the {@link Vectorization} chosen for this JVM is SIMD, at its width. */
    static ActivationKernel get() {
        return Holder.BEST;
    }

    final class Holder {
        static final ActivationKernel BEST = choose();

        private Holder() {
        }

        private static ActivationKernel choose() {
            return Vectorization.get().simd() ? VectorActivationKernel.INSTANCE : scalar();
        }
    }
}
