package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;

/**
 * The FF nonlinearities as scalar functions, each written as the reference library defines it, so
 * the forward pass matches Hugging Face to float precision; {@link ScalarActivationKernel} applies
 * them over a buffer and the SIMD kernel falls back on them for the tail of a run.
 */
final class Nonlinearity {

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Nonlinearity() {
    }

    static float apply(Activation activation, float x) {
        return switch (activation) {
            case GELU -> gelu(x);
            case GELU_TANH -> geluTanh(x);
            case RELU -> Math.max(0f, x);
            case SILU -> silu(x);
        };
    }

    /** x Phi(x) with the exact normal CDF: torch's default "gelu". */
    static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + erf(x * SQRT_HALF)));
    }

    /** GPT-2's gelu_new: the tanh approximation of x Phi(x). */
    static float geluTanh(float x) {
        double u = SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x);
        return (float) (0.5 * x * (1.0 + Math.tanh(u)));
    }

    /** x sigmoid(x), Llama's gate activation. */
    static float silu(float x) {
        return (float) (x / (1.0 + Math.exp(-x)));
    }

    /**
     * The error function, from the Chebyshev fit of erfc in Numerical Recipes (fractional error
     * below 1.2e-7 everywhere): the JDK has no erf, and float GELU needs no more than this.
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
