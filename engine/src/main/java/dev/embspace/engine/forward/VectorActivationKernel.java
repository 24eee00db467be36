package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.SimdSpecies;
import dev.embspace.engine.model.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The nonlinearities a vector at a time, at the provider's width, in float, with the same formulas
 * as {@link Nonlinearity}: erf from the same Chebyshev fit of erfc, tanh and exp from the Vector API
 * (compiled to SIMD library calls). The tail of a run, shorter than a vector, goes through the scalar functions.
 */
final class VectorActivationKernel implements ActivationKernel {

    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float SQRT_TWO_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    /** Numerical Recipes' erfc fit: t exp(-z^2 + P(t)), P's coefficients from t^0 up. */
    private static final float[] ERFC = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f,
            0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

    static final VectorActivationKernel INSTANCE = new VectorActivationKernel();

    private VectorActivationKernel() {
    }

    @Override
    public void apply(Activation activation, float[] values, int from, int to) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            f(activation, FloatVector.fromArray(SPECIES, values, i)).intoArray(values, i);
        }
        for (; i < to; i++) values[i] = Nonlinearity.apply(activation, values[i]);
    }

    @Override
    public void applyGated(Activation activation, float[] values, float[] gates, int from, int to) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            FloatVector gate = f(activation, FloatVector.fromArray(SPECIES, gates, i));
            gate.mul(FloatVector.fromArray(SPECIES, values, i)).intoArray(values, i);
        }
        for (; i < to; i++) values[i] *= Nonlinearity.apply(activation, gates[i]);
    }

    private static FloatVector f(Activation activation, FloatVector x) {
        return switch (activation) {
            case GELU -> x.mul(0.5f).mul(erf(x.mul(SQRT_HALF)).add(1f));
            case GELU_TANH -> {
                FloatVector u = x.mul(x).mul(x).mul(0.044715f).add(x).mul(SQRT_TWO_OVER_PI);
                yield x.mul(0.5f).mul(u.lanewise(VectorOperators.TANH).add(1f));
            }
            case RELU -> x.max(0f);
            case SILU -> x.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
        };
    }

    /** erf(x) = 1 - erfc(|x|) for x >= 0, erfc(|x|) - 1 below: odd, as the scalar version. */
    private static FloatVector erf(FloatVector x) {
        FloatVector z = x.abs();
        FloatVector t = FloatVector.broadcast(SPECIES, 1f).div(z.mul(0.5f).add(1f));
        FloatVector poly = FloatVector.broadcast(SPECIES, ERFC[ERFC.length - 1]);
        for (int c = ERFC.length - 2; c >= 0; c--) poly = poly.mul(t).add(ERFC[c]);
        FloatVector erfc = t.mul(z.mul(z).neg().add(poly).lanewise(VectorOperators.EXP));
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
        FloatVector positive = erfc.neg().add(1f);
        return positive.blend(erfc.sub(1f), negative);
    }
}
