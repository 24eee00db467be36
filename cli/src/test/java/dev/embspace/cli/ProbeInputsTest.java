package dev.embspace.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProbeInputsTest {

    @Test
    void chanceIsTheMajorityLabelsShare() {
        assertEquals(0.75, ProbeInputs.chance(new int[]{1, 1, 0, 1}, 2));
        assertEquals(0.5, ProbeInputs.chance(new int[]{2, 0, 2, 1}, 3));
    }

    @Test
    void layersCountFromTheEndWhenNegativeAndDefaultToTheLast() {
        assertEquals(5, ProbeInputs.layer(null, 6));
        assertEquals(4, ProbeInputs.layer(-2, 6));
        assertEquals(0, ProbeInputs.layer(0, 6));
        assertThrows(IllegalArgumentException.class, () -> ProbeInputs.layer(6, 6));
        assertThrows(IllegalArgumentException.class, () -> ProbeInputs.layer(-7, 6));
    }

    @Test
    void depthsMatchByTheirShareOfTheModel() {
        assertEquals(12, StitchCommand.matchingDepth(6, 6, 12), "the last block of a 6-layer model is the last of a 12-layer one");
        assertEquals(2, StitchCommand.matchingDepth(3, 12, 6));
        assertEquals(0, StitchCommand.matchingDepth(0, 12, 6));
        assertEquals(7, StitchCommand.matchingDepth(7, 12, 12));
    }
}
