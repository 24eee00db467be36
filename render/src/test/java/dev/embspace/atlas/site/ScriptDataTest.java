package dev.embspace.atlas.site;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scores in the data files: five significant digits, parsed back within half a unit of the fifth. */
class ScriptDataTest {

    @Test
    void compactNumbersKeepFiveSignificantDigits() {
        assertEquals("0", ScriptData.compact(0));
        assertEquals("1.2346", ScriptData.compact(1.23456));
        assertEquals("-0.012346", ScriptData.compact(-0.0123456));
        assertEquals("12346", ScriptData.compact(12345.6));
        assertEquals("0.5", ScriptData.compact(0.5));
        assertEquals("10", ScriptData.compact(9.999999));
        assertEquals("null", ScriptData.compact(Double.NaN));
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            double v = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
            double back = Double.parseDouble(ScriptData.compact(v));
            assertEquals(v, back, Math.abs(v) * 1e-4 + 1e-300, () -> v + " -> " + ScriptData.compact(v));
        }
    }
}
