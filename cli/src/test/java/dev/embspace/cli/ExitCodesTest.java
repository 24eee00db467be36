package dev.embspace.cli;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.UsageException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exit codes are exact: 2 only for {@link UsageException} and picocli's own parse errors, 3 for bad
 * input, 1 for everything else (an IllegalArgumentException from inside is a bug, and every
 * java.lang.Error), always one line.
 */
class ExitCodesTest {

    @Command(name = "embspace")
    static final class Throwing implements Runnable {
        final Supplier<Throwable> failure;

        Throwing(Supplier<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public void run() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) throw r;
            throw (Error) t;
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(Supplier<Throwable> failure) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = new CommandLine(new Throwing(failure));
            ErrorHandling.install(cl);
            int code = Main.execute(cl);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    private static void assertOneLine(Run r, int code, String fragment) {
        assertEquals(code, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("embspace: "), r::toString);
        assertTrue(r.err().contains(fragment), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void usageExceptionIsExit2WithTheHelpPointerOnce() {
        Run r = run(() -> new UsageException("-k must be at least 1, got 0"));
        assertOneLine(r, 2, "-k must be at least 1");
        assertEquals(1, r.err().split("--help", -1).length - 1, r::toString);
    }

    @Test
    void anIllegalArgumentFromInsideIsABug() {
        assertOneLine(run(() -> new IllegalArgumentException("A is 3x4 but B is 5x6")), 1, "A is 3x4 but B is 5x6");
    }

    @Test
    void badInputIsExit3() {
        assertOneLine(run(() -> new BadInputException(Path.of("model.safetensors"), "truncated")), 3, "model.safetensors: truncated");
    }

    @Test
    void outOfMemoryIsOneLine() {
        assertOneLine(run(() -> new OutOfMemoryError("Java heap space")), 1, "out of memory");
    }

    @Test
    void stackOverflowIsOneLine() {
        assertOneLine(run(StackOverflowError::new), 1, "stack overflow");
    }

    @Test
    void controlCharactersFromFilesNeverReachTheTerminal() {
        Run r = run(() -> new BadInputException(Path.of("vocab.txt"), "bad token '\u001b]0;owned\u0007\u0000x\u202e'"));
        assertOneLine(r, 3, "vocab.txt");
        assertTrue(r.err().strip().chars().noneMatch(c -> Character.isISOControl(c) || c == 0x202e), r::toString);
        assertTrue(r.err().contains("\\x1b]0;owned\\x07\\x00x\\u202e"), r::toString);
    }

    @Test
    void aMissingCommandPointsToHelpOnce() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().split("--help", -1).length - 1, r::toString);
    }

    @Test
    void threadsOutOfRangeSaysTheRange() {
        Cli.Result r = Cli.run("--threads", "100000", "info");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("--threads must be between 1 and "), r::toString);
    }
}
