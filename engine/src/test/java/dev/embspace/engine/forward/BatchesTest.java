package dev.embspace.engine.forward;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchesTest {

    private static final List<int[]> CORPUS = List.of(new int[] {1, 2, 3}, new int[] {}, new int[] {4, 5},
            new int[] {6, 7, 8, 9, 10, 11}, new int[] {12});

    @Test
    void groupsSequencesUpToTheTokenBudget() {
        List<int[][]> batches = Batches.of(CORPUS, Long.MAX_VALUE, 5);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[][] {{1, 2, 3}, {4, 5}}, batches.get(0));
        // longer than the budget: a batch of its own, never split
        assertArrayEquals(new int[][] {{6, 7, 8, 9, 10, 11}}, batches.get(1));
        assertArrayEquals(new int[][] {{12}}, batches.get(2));
    }

    @Test
    void capsTheTotalByCuttingTheLastSequence() {
        List<int[][]> batches = Batches.of(CORPUS, 7, 100);
        assertEquals(1, batches.size());
        assertArrayEquals(new int[][] {{1, 2, 3}, {4, 5}, {6, 7}}, batches.get(0));
        assertEquals(0, Batches.of(CORPUS, 0, 100).size());
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> Batches.of(CORPUS, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> Batches.of(CORPUS, 5, 0));
    }
}
