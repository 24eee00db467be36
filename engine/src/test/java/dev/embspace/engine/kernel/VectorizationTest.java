package dev.embspace.engine.kernel;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider's choice. The kernel tests run once per width (surefire executions with
 * -Dembspace.vectorBits=128 and 256, and the default run at the preferred width), so this also
 * checks that each of those runs really is at the width it claims.
 */
class VectorizationTest {

    private static final int PREFERRED = FloatVector.SPECIES_PREFERRED.vectorBitSize();

    @Test
    void theChosenWidthIsTheRequestedOneOrThePreferredOne() {
        Vectorization v = Vectorization.get();
        String requested = System.getProperty("embspace.vectorBits");
        int expected = requested == null ? PREFERRED : Math.min(Integer.parseInt(requested), PREFERRED);
        assertEquals(expected, v.vectorBits());
        assertEquals(v.vectorBits(), SimdSpecies.FLOAT.vectorBitSize(), "every SIMD kernel reads the provider's species");
        assertSame(VectorMicroKernel.INSTANCE, v.microKernel());
        assertSame(v.microKernel(), MicroKernel.get());
        assertEquals(0, v.microKernel().cols() % SimdSpecies.FLOAT.length(), "columns are whole vectors");
    }

    @Test
    void registerBlockFollowsTheRegisterFile() {
        MicroKernel k = MicroKernel.get();
        int vectors = k.cols() / SimdSpecies.FLOAT.length();
        // accumulators + the B vectors + one broadcast must fit the register file
        assertTrue(k.rows() * vectors + vectors + 1 <= Vectorization.get().vectorRegisters(),
                k.rows() + " x " + vectors + " in " + Vectorization.get().vectorRegisters() + " registers");
        assertTrue(k.rows() * vectors >= 10, "enough independent accumulators to hide the FMA latency");
    }

    @Test
    void registerFilesOfTheCommonMachines() {
        assertEquals(16, VectorSupport.registers(256, 256, "amd64"), "AVX2");
        assertEquals(32, VectorSupport.registers(512, 512, "amd64"), "AVX-512");
        assertEquals(16, VectorSupport.registers(256, 512, "amd64"), "256 bits on AVX-512 stands in for AVX2");
        assertEquals(32, VectorSupport.registers(128, 512, "amd64"), "128 bits on AVX-512 stands in for NEON");
        assertEquals(32, VectorSupport.registers(128, 128, "aarch64"), "NEON");
    }

    @Test
    void unsupportedRequestsFallBackToThePreferredWidthAndSimdFalseToScalar() {
        assertEquals(PREFERRED, VectorSupport.choose(null, "1024", "amd64").vectorBits());
        assertEquals(PREFERRED, VectorSupport.choose(null, "wide", "amd64").vectorBits());
        assertEquals(PREFERRED, VectorSupport.choose(null, null, "amd64").vectorBits());
        assertEquals(128, VectorSupport.choose(null, "128", "amd64").vectorBits());
        Vectorization scalar = VectorSupport.choose("false", "256", "amd64");
        assertEquals(0, scalar.vectorBits());
        assertSame(MicroKernel.scalar(), scalar.microKernel());
        assertSame(Vectorization.scalar(), scalar);
    }
}
