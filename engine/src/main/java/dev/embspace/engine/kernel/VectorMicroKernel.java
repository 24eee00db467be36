package dev.embspace.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD micro-kernel: a 6 x (2 vectors) block of C held in twelve accumulator registers. Each
 * step loads two vectors of the B panel, broadcasts six scalars of the A panel and issues twelve
 * independent FMAs, which hides the FMA latency and keeps the loads to a sixth of the arithmetic.
 * The accumulators are locals, not an array, so C2 keeps them in registers.
 */
final class VectorMicroKernel implements MicroKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int ROWS = 6;
    private static final int COLS = 2 * LANES;

    static final VectorMicroKernel INSTANCE = new VectorMicroKernel();

    private VectorMicroKernel() {
    }

    /** The width of the preferred vector, in bits: what {@link VectorSupport} checks before choosing this. */
    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public int cols() {
        return COLS;
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc, boolean accumulate) {
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + LANES, accumulate);
        FloatVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + LANES, accumulate);
        FloatVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + LANES, accumulate);
        FloatVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + LANES, accumulate);
        FloatVector c40 = start(c, r4, accumulate), c41 = start(c, r4 + LANES, accumulate);
        FloatVector c50 = start(c, r5, accumulate), c51 = start(c, r5 + LANES, accumulate);
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < k; p++, ai += ROWS, bi += COLS) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + LANES);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + LANES);
    }

    /** An accumulator's first value: zero, or what an earlier depth slice left in c. */
    private static FloatVector start(float[] c, int offset, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(SPECIES, c, offset) : FloatVector.zero(SPECIES);
    }

    @Override
    public int outside(float[] values, int offset, int length, float low, float high, int[] positions) {
        FloatVector lo = FloatVector.broadcast(SPECIES, low);
        FloatVector hi = FloatVector.broadcast(SPECIES, high);
        int count = 0;
        int j = 0;
        for (int bound = SPECIES.loopBound(length); j < bound; j += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, values, offset + j);
            VectorMask<Float> hit = v.compare(VectorOperators.GE, hi).or(v.compare(VectorOperators.LE, lo));
            if (hit.anyTrue()) {
                for (long bits = hit.toLong(); bits != 0; bits &= bits - 1) {
                    positions[count++] = j + Long.numberOfTrailingZeros(bits);
                }
            }
        }
        for (; j < length; j++) {
            float v = values[offset + j];
            if (v >= high || v <= low) positions[count++] = j;
        }
        return count;
    }

    @Override
    public int atLeast(float[] values, int offset, float[] thresholds, int thresholdOffset, int length, int[] positions) {
        int count = 0;
        int j = 0;
        for (int bound = SPECIES.loopBound(length); j < bound; j += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, values, offset + j);
            FloatVector t = FloatVector.fromArray(SPECIES, thresholds, thresholdOffset + j);
            VectorMask<Float> hit = v.compare(VectorOperators.GE, t);
            if (hit.anyTrue()) {
                for (long bits = hit.toLong(); bits != 0; bits &= bits - 1) {
                    positions[count++] = j + Long.numberOfTrailingZeros(bits);
                }
            }
        }
        for (; j < length; j++) {
            if (values[offset + j] >= thresholds[thresholdOffset + j]) positions[count++] = j;
        }
        return count;
    }
}
