package dev.embspace.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract's exit code 2 and one-line messages for what the user typed wrong. */
class UsageErrorsTest {

    private static void assertUsageError(Cli.Result r, String expectedFragment) {
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "one line: " + r);
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("embspace: "), r::toString);
        assertTrue(first.contains(expectedFragment), () -> "expected '" + expectedFragment + "' in " + r);
        assertFalse(r.err().contains("\tat "), () -> "stack trace printed: " + r);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertUsageError(Cli.run("project", "--bogus", "L0.ff.key.0"), "--bogus");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertUsageError(Cli.run("frobnicate"), "frobnicate");
    }

    @Test
    void badFormatIsAUsageError() {
        assertUsageError(Cli.run("--format", "xml", "project", "L0.ff.key.0"), "xml");
    }

    @Test
    void badFilterIsAUsageError() {
        assertUsageError(Cli.run("project", "--filter", "greek", "L0.ff.key.0"), "greek");
    }

    @Test
    void malformedVectorAddressIsAUsageError() {
        assertUsageError(Cli.run("project", "--quiet", "L4.ff.valu.1"), "valu");
    }

    @Test
    void nonPositiveThreadsIsAUsageError() {
        assertUsageError(Cli.run("project", "--threads", "0", "L0.ff.key.0"), "--threads");
    }

    @Test
    void helpListsTheCommands() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("project") && r.out().contains("info") && r.out().contains("import-onnx"), r::toString);
    }
}
