package dev.embspace.engine.kernel;

import dev.embspace.engine.kernel.RandomMatrices.Layout;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class GemmTest {

    private static final double UNIT_ROUNDOFF = Math.ulp(1.0f) / 2;

    @Test
    void chosenGemmMatchesTheScalarReferenceOnRandomShapesDtypesAndLayouts() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 60; trial++) {
            int m = 1 + rnd.nextInt(trial < 40 ? 40 : 230);
            int n = 1 + rnd.nextInt(trial < 40 ? 70 : 600);
            int k = 1 + rnd.nextInt(trial < 40 ? 50 : 300);
            DType dtype = DType.values()[trial % 3];
            Layout layoutA = Layout.values()[rnd.nextInt(3)];
            Layout layoutB = Layout.values()[rnd.nextInt(3)];
            Matrix a = RandomMatrices.gaussian(rnd, dtype, layoutA, m, k);
            Matrix b = RandomMatrices.gaussian(rnd, dtype, layoutB, n, k);
            assertClose(a, b, Gemm.get(), "trial " + trial + " " + m + "x" + n + "x" + k + " " + dtype + " " + layoutA + "/" + layoutB);
        }
    }

    @Test
    void longDepthsAreSlicedAndNarrowProductsSplitByRowsWithTheSameBits() {
        Random rnd = new Random(13);
        // E^T E-like: depth far beyond one slice, few columns, so tasks also split the rows
        int slice = new TileMultiplier(MicroKernel.get()).depthSlice();
        int[][] shapes = {{200, 40, 1500}, {7, 300, slice + 1}, {500, 9, 2 * slice}};
        for (int[] shape : shapes) {
            Matrix a = RandomMatrices.gaussian(rnd, DType.F32, Layout.TRANSPOSED, shape[0], shape[2]);
            Matrix b = RandomMatrices.gaussian(rnd, DType.BF16, Layout.ROW_MAJOR, shape[1], shape[2]);
            assertClose(a, b, Gemm.get(), shape[0] + "x" + shape[1] + "x" + shape[2]);
            float[] viaScalar = new float[shape[0] * shape[1]];
            float[] viaVector = new float[shape[0] * shape[1]];
            new TiledGemm(MicroKernel.scalar()).multiplyTransposed(a, b, viaScalar);
            Gemm.get().multiplyTransposed(a, b, viaVector);
            for (int i = 0; i < viaScalar.length; i += 17) {
                assertEquals(MicroKernel.dot(a.row(i / shape[1]), 0, b.row(i % shape[1]), 0, shape[2]), viaVector[i]);
                assertEquals(viaScalar[i], viaVector[i]);
            }
        }
    }

    @Test
    void productsOfOneToThreeRowsAreComputedRowByRowWithTheKernelsBits() {
        Random rnd = new Random(29);
        for (int m = 1; m <= 5; m++) {
            int n = 1 + rnd.nextInt(1500), k = 1 + rnd.nextInt(500);
            Matrix a = RandomMatrices.gaussian(rnd, DType.F32, Layout.values()[m % 3], m, k);
            Matrix b = RandomMatrices.gaussian(rnd, DType.values()[m % 3], Layout.values()[(m + 1) % 3], n, k);
            float[] c = new float[m * n];
            Gemm.get().multiplyTransposed(a, b, c);
            float[] viaScalarKernel = new float[m * n];
            new TiledGemm(MicroKernel.scalar()).multiplyTransposed(a, b, viaScalarKernel);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float expected = MicroKernel.dot(a.row(i), 0, b.row(j), 0, k);
                    assertEquals(expected, c[i * n + j], m + " rows, entry " + i + "," + j);
                    assertEquals(expected, viaScalarKernel[i * n + j]);
                }
            }
        }
    }

    @Test
    void aPackedOperandGivesTheSameBitsAsPackingPerProduct() {
        Random rnd = new Random(23);
        for (Gemm gemm : new Gemm[] {Gemm.get(), Gemm.scalar()}) {
            for (int trial = 0; trial < 12; trial++) {
                int m = 1 + rnd.nextInt(trial < 6 ? 20 : 300), n = 1 + rnd.nextInt(700), k = 1 + rnd.nextInt(400);
                Matrix b = RandomMatrices.gaussian(rnd, DType.values()[trial % 3], Layout.values()[trial % 3], n, k);
                PackedRows packed = gemm.pack(b);
                assertEquals(n, packed.rows());
                assertEquals(k, packed.cols());
                // the same packed B against several A, as a layer's weight meets every batch
                for (int use = 0; use < 2; use++) {
                    Matrix a = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, m + use, k);
                    float[] once = new float[(m + use) * n];
                    float[] perProduct = new float[(m + use) * n];
                    gemm.multiplyTransposed(a, packed, once);
                    gemm.multiplyTransposed(a, b, perProduct);
                    for (int i = 0; i < once.length; i++) {
                        if (Float.floatToRawIntBits(once[i]) != Float.floatToRawIntBits(perProduct[i])) {
                            fail(gemm + " trial " + trial + " entry " + i + ": " + once[i] + " vs " + perProduct[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void tiledGemmOnTheScalarMicroKernelMatchesTheReferenceToo() {
        Random rnd = new Random(7);
        Gemm tiledScalar = new TiledGemm(MicroKernel.scalar());
        for (int trial = 0; trial < 10; trial++) {
            Matrix a = RandomMatrices.gaussian(rnd, DType.F32, Layout.SLICED, 1 + rnd.nextInt(150), 37);
            Matrix b = RandomMatrices.gaussian(rnd, DType.BF16, Layout.TRANSPOSED, 1 + rnd.nextInt(300), 37);
            assertClose(a, b, tiledScalar, "trial " + trial);
        }
    }

    @Test
    void scalarAndVectorMicroKernelsGiveIdenticalBits() {
        Random rnd = new Random(3);
        Matrix a = RandomMatrices.gaussian(rnd, DType.F32, Layout.ROW_MAJOR, 101, 77);
        Matrix b = RandomMatrices.gaussian(rnd, DType.F16, Layout.ROW_MAJOR, 333, 77);
        float[] viaScalar = new float[101 * 333];
        float[] viaVector = new float[101 * 333];
        new TiledGemm(MicroKernel.scalar()).multiplyTransposed(a, b, viaScalar);
        new TiledGemm(MicroKernel.get()).multiplyTransposed(a, b, viaVector);
        for (int i = 0; i < viaScalar.length; i++) {
            if (Float.floatToRawIntBits(viaScalar[i]) != Float.floatToRawIntBits(viaVector[i])) {
                fail("entry " + i + ": scalar " + viaScalar[i] + " vector " + viaVector[i]);
            }
        }
        // and both are the documented FMA chain
        float[] ra = a.row(5), rb = b.row(200);
        assertEquals(MicroKernel.dot(ra, 0, rb, 0, 77), viaVector[5 * 333 + 200]);
    }

    @Test
    void vectorKernelIsChosenWhenTheVectorModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(present, "the test JVM runs with --add-modules jdk.incubator.vector");
        assertNotSame(MicroKernel.scalar(), MicroKernel.get());
    }

    @Test
    void emptyDepthGivesZeros() {
        Matrix a = Matrix.wrap(new float[0], 3, 0);
        Matrix b = Matrix.wrap(new float[0], 2, 0);
        float[] c = {1, 2, 3, 4, 5, 6};
        Gemm.get().multiplyTransposed(a, b, c);
        for (float v : c) assertEquals(0f, v);
    }

    /** Both results lie within gamma_k * sum |a_p b_p| of the exact product, so of each other within twice that. */
    private static void assertClose(Matrix a, Matrix b, Gemm gemm, String what) {
        int m = a.rows(), n = b.rows(), k = a.cols();
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        Gemm.scalar().multiplyTransposed(a, b, expected);
        gemm.multiplyTransposed(a, b, actual);
        double gamma = k * UNIT_ROUNDOFF / (1 - k * UNIT_ROUNDOFF);
        for (int i = 0; i < m; i++) {
            float[] ra = a.row(i);
            for (int j = 0; j < n; j++) {
                float[] rb = b.row(j);
                double magnitude = 0;
                for (int p = 0; p < k; p++) magnitude += Math.abs((double) ra[p] * rb[p]);
                double tolerance = 2 * gamma * magnitude + Float.MIN_NORMAL;
                double diff = Math.abs(expected[i * n + j] - actual[i * n + j]);
                if (diff > tolerance) {
                    fail(what + ": C[" + i + "][" + j + "] = " + actual[i * n + j] + ", reference " + expected[i * n + j]
                            + " (tolerance " + tolerance + ")");
                }
            }
        }
    }
}
