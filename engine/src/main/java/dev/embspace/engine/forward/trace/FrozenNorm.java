package dev.embspace.engine.forward.trace;

import dev.embspace.engine.model.Norm;

/**
 * A norm linearised at one input: its scale 1/sigma (and, for LayerNorm, its mean-removal) taken
 * from that input and then held fixed, as TransformerLens' {@code apply_ln_to_stack} does. Frozen,
 * the norm is affine, y = weight * C(x) / sigma + bias with C the centring (identity for RMSNorm),
 * so it distributes over any split of its input into parts: that is what lets the parts of a
 * residual stream be attributed through it, and their contributions sum to the real output.
 */
record FrozenNorm(String name, boolean centred, float[] weight, float[] bias, double inverseScale) {

    /** The norm frozen at the d values of {@code input} from {@code offset}, with LayerNorms' statistics. */
    static FrozenNorm at(String name, Norm norm, float[] input, int offset) {
        float[] weight = norm.weight().toFloatArray();
        int d = weight.length;
        boolean centred = norm.kind() == Norm.Kind.LAYER_NORM;
        double mean = 0;
        if (centred) {
            for (int c = 0; c < d; c++) mean += input[offset + c];
            mean /= d;
        }
        double squares = 0;
        for (int c = 0; c < d; c++) {
            double x = input[offset + c] - mean;
            squares += x * x;
        }
        float[] bias = norm.bias() == null ? null : norm.bias().toFloatArray();
        return new FrozenNorm(name, centred, weight, bias, 1.0 / Math.sqrt(squares / d + norm.eps()));
    }

    /** The linear part applied to a part u of the input: weight * C(u) / sigma. */
    double[] forward(double[] u) {
        double[] out = centred ? centre(u) : u.clone();
        for (int c = 0; c < out.length; c++) out[c] *= weight[c] * inverseScale;
        return out;
    }

    /** The transpose of the linear part: a reading vector g of the output as one of the input, C(weight * g) / sigma. */
    double[] pullBack(double[] g) {
        double[] out = new double[g.length];
        for (int c = 0; c < g.length; c++) out[c] = g[c] * weight[c] * inverseScale;
        return centred ? centre(out) : out;
    }

    /** What the bias contributes to the reading {@code g} of the output (0 without a bias). */
    double biasReading(double[] g) {
        if (bias == null) return 0;
        double sum = 0;
        for (int c = 0; c < g.length; c++) sum += g[c] * bias[c];
        return sum;
    }

    private static double[] centre(double[] u) {
        double mean = 0;
        for (double v : u) mean += v;
        mean /= u.length;
        double[] out = new double[u.length];
        for (int c = 0; c < u.length; c++) out[c] = u[c] - mean;
        return out;
    }
}
