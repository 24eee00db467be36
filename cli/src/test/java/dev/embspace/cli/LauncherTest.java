package dev.embspace.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real launcher on a bare environment: no JVM warning reaches stderr (a failure is exactly one
 * line), the exit code is the CLI's, and arguments and output are UTF-8 with no locale set.
 */
class LauncherTest {

    @TempDir
    static Path tmp;

    static Launcher launcher;

    @BeforeAll
    static void tree() {
        launcher = Launcher.in(tmp);
    }

    @Test
    void aFailureIsExactlyOneLineOnStderr() {
        Path nowhere = tmp.resolve("no-such-model");
        Cli.Result r = launcher.run("info", "-m", nowhere.toString());
        assertEquals(3, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "exactly one line: " + r);
        assertTrue(r.err().startsWith("embspace: ") && r.err().contains(nowhere.toString()), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
    }

    @Test
    void argumentsAndMessagesAreUtf8WithoutALocale() {
        Cli.Result r = launcher.run("project", "L0.ff.café.1");
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "exactly one line: " + r);
        assertTrue(r.err().contains("'L0.ff.café.1'"), () -> "the argument comes back intact: " + r);
    }

    @Test
    void successPrintsNoWarning() {
        Cli.Result r = launcher.run("--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().isEmpty(), r::toString);
        assertTrue(r.out().startsWith("embspace "), r::toString);
    }
}
