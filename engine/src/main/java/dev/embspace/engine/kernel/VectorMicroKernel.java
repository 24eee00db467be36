package dev.embspace.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD micro-kernel at the provider's width ({@link SimdSpecies#FLOAT}), holding a block of C
 * in accumulator registers. Each step loads the B vectors of the block, broadcasts one scalar of
 * the A panel per row and issues rows x vectors independent FMAs. The block is sized to the
 * register file ({@link Vectorization#vectorRegisters()}): accumulators + B vectors + one
 * broadcast must all stay in registers, and there must be at least (FMA latency x FMA ports), about
 * 8 to 10, independent accumulators to keep the FMA units busy.
 * <ul>
 *   <li>16 registers (AVX2): 6 rows x 2 vectors, 12 accumulators + 2 + 1 = 15 registers (BLIS's
 *       Haswell shape); 3 x 4 or 4 x 3 would fit too, but need more loads per FMA.</li>
 *   <li>32 registers (AVX-512, NEON, SVE): 8 rows x 3 vectors, 24 accumulators + 3 + 1 = 28
 *       registers: twice the FMAs per step for 11 loads instead of 8, so a narrow (128-bit)
 *       machine's load ports have room to spare, and C is written back a third less often.</li>
 * </ul>
 * The accumulators are locals, not an array, so C2 keeps them in registers. Every entry is one FMA
 * chain in index order, whatever the block: results match the scalar kernel bit for bit.
 */
final class VectorMicroKernel implements MicroKernel {

    private static final VectorSpecies<Float> SPECIES = SimdSpecies.FLOAT;
    private static final int LANES = SPECIES.length();
    private static final boolean WIDE_REGISTER_FILE = Vectorization.get().vectorRegisters() >= 32;
    private static final int ROWS = WIDE_REGISTER_FILE ? 8 : 6;
    private static final int COLS = (WIDE_REGISTER_FILE ? 3 : 2) * LANES;

    static final VectorMicroKernel INSTANCE = new VectorMicroKernel();

    private VectorMicroKernel() {
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
        if (WIDE_REGISTER_FILE) multiply8x3(a, aOff, b, bOff, k, c, cOff, ldc, accumulate);
        else multiply6x2(a, aOff, b, bOff, k, c, cOff, ldc, accumulate);
    }

    private static void multiply6x2(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc, boolean accumulate) {
        int r0 = cOff + 0 * ldc;
        int r1 = cOff + 1 * ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + LANES, accumulate);
        FloatVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + LANES, accumulate);
        FloatVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + LANES, accumulate);
        FloatVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + LANES, accumulate);
        FloatVector c40 = start(c, r4, accumulate), c41 = start(c, r4 + LANES, accumulate);
        FloatVector c50 = start(c, r5, accumulate), c51 = start(c, r5 + LANES, accumulate);
        for (int p = 0, ai = aOff, bi = bOff; p < k; p++, ai += 6, bi += 2 * LANES) {
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

    private static void multiply8x3(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc, boolean accumulate) {
        int r0 = cOff + 0 * ldc;
        int r1 = cOff + 1 * ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        int r6 = cOff + 6 * ldc;
        int r7 = cOff + 7 * ldc;
        FloatVector c00 = start(c, r0, accumulate), c01 = start(c, r0 + LANES, accumulate), c02 = start(c, r0 + 2 * LANES, accumulate);
        FloatVector c10 = start(c, r1, accumulate), c11 = start(c, r1 + LANES, accumulate), c12 = start(c, r1 + 2 * LANES, accumulate);
        FloatVector c20 = start(c, r2, accumulate), c21 = start(c, r2 + LANES, accumulate), c22 = start(c, r2 + 2 * LANES, accumulate);
        FloatVector c30 = start(c, r3, accumulate), c31 = start(c, r3 + LANES, accumulate), c32 = start(c, r3 + 2 * LANES, accumulate);
        FloatVector c40 = start(c, r4, accumulate), c41 = start(c, r4 + LANES, accumulate), c42 = start(c, r4 + 2 * LANES, accumulate);
        FloatVector c50 = start(c, r5, accumulate), c51 = start(c, r5 + LANES, accumulate), c52 = start(c, r5 + 2 * LANES, accumulate);
        FloatVector c60 = start(c, r6, accumulate), c61 = start(c, r6 + LANES, accumulate), c62 = start(c, r6 + 2 * LANES, accumulate);
        FloatVector c70 = start(c, r7, accumulate), c71 = start(c, r7 + LANES, accumulate), c72 = start(c, r7 + 2 * LANES, accumulate);
        for (int p = 0, ai = aOff, bi = bOff; p < k; p++, ai += 8, bi += 3 * LANES) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c02.intoArray(c, r0 + 2 * LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c12.intoArray(c, r1 + 2 * LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c22.intoArray(c, r2 + 2 * LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c32.intoArray(c, r3 + 2 * LANES);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + LANES);
        c42.intoArray(c, r4 + 2 * LANES);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + LANES);
        c52.intoArray(c, r5 + 2 * LANES);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + LANES);
        c62.intoArray(c, r6 + 2 * LANES);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + LANES);
        c72.intoArray(c, r7 + 2 * LANES);
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
