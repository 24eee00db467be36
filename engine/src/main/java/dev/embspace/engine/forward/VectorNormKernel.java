package dev.embspace.engine.forward;

import dev.embspace.engine.kernel.SimdSpecies;
import dev.embspace.engine.model.Norm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The norms a vector at a time, at the provider's width: the sums run in float lanes (each lane
 * adds d / lanes values, a few hundred at most) and are reduced to double, the centred squares
 * are taken around that mean, and the scale-and-shift is one pass of FMAs. Agrees with the
 * scalar reference to a few float ulps.
 */
final class VectorNormKernel implements NormKernel {

    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();

    static final VectorNormKernel INSTANCE = new VectorNormKernel();

    private VectorNormKernel() {
    }

    @Override
    public void normalizeRow(Norm.Kind kind, float[] src, float[] dst, int base, float[] weight, float[] bias, float eps) {
        int d = weight.length;
        int bound = SPECIES.loopBound(d);
        float mean = 0;
        if (kind == Norm.Kind.LAYER_NORM) {
            FloatVector sum = FloatVector.zero(SPECIES);
            int c = 0;
            for (; c < bound; c += LANES) sum = sum.add(FloatVector.fromArray(SPECIES, src, base + c));
            double total = sum.reduceLanes(VectorOperators.ADD);
            for (; c < d; c++) total += src[base + c];
            mean = (float) (total / d);
        }
        FloatVector shift = FloatVector.broadcast(SPECIES, mean);
        FloatVector squares = FloatVector.zero(SPECIES);
        int c = 0;
        for (; c < bound; c += LANES) {
            FloatVector centred = FloatVector.fromArray(SPECIES, src, base + c).sub(shift);
            squares = centred.fma(centred, squares);
        }
        double total = squares.reduceLanes(VectorOperators.ADD);
        for (; c < d; c++) {
            double centred = src[base + c] - mean;
            total += centred * centred;
        }
        float inverse = (float) (1.0 / Math.sqrt(total / d + eps));
        c = 0;
        for (; c < bound; c += LANES) {
            FloatVector y = FloatVector.fromArray(SPECIES, src, base + c).sub(shift).mul(inverse)
                    .mul(FloatVector.fromArray(SPECIES, weight, c));
            if (bias != null) y = y.add(FloatVector.fromArray(SPECIES, bias, c));
            y.intoArray(dst, base + c);
        }
        for (; c < d; c++) {
            float y = (src[base + c] - mean) * inverse * weight[c];
            dst[base + c] = bias == null ? y : y + bias[c];
        }
    }
}
