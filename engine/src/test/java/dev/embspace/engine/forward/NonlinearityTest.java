package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NonlinearityTest {

    @Test
    void erfMatchesTabulatedValues() {
        // erf(x) to 16 digits (Abramowitz and Stegun, table 7.1, extended)
        assertEquals(0.0, Nonlinearity.erf(0), 2e-7);
        assertEquals(0.5204998778130465, Nonlinearity.erf(0.5), 2e-7);
        assertEquals(0.8427007929497149, Nonlinearity.erf(1), 2e-7);
        assertEquals(0.9953222650189527, Nonlinearity.erf(2), 2e-7);
        assertEquals(-0.8427007929497149, Nonlinearity.erf(-1), 2e-7);
    }

    @Test
    void erfMatchesItsSeriesAcrossTheRange() {
        for (double x = -6; x <= 6; x += 0.01) {
            assertEquals(ReferenceForward.erfSeries(x), Nonlinearity.erf(x), 2e-7, "erf(" + x + ")");
        }
    }

    @Test
    void everyActivationMatchesItsDefinition() {
        for (Activation a : Activation.values()) {
            for (float x = -8f; x <= 8f; x += 0.125f) {
                double expected = ReferenceForward.activate(a, x);
                assertEquals(expected, Nonlinearity.apply(a, x), 1e-6 * Math.max(1, Math.abs(expected)), a + "(" + x + ")");
            }
        }
        // known points: GELU(1) = Phi(1), gelu_new(1), silu(1) = 1 / (1 + e^-1)
        assertEquals(0.8413447460685429, Nonlinearity.gelu(1f), 1e-6);
        assertEquals(0.8411919906082768, Nonlinearity.geluTanh(1f), 1e-6);
        assertEquals(0.7310585786300049, Nonlinearity.silu(1f), 1e-6);
    }
}
