package dev.embspace.cli;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.UsageException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;

/**
 * Maps failures to the contract's exit codes and one-line messages: 2 for usage errors
 * ({@link UsageException} and picocli's own), 3 for bad input, 1 for anything else (a bare
 * IllegalArgumentException from inside the engine is a bug, not the user's mistake); a stack trace
 * only with --debug. Errors (out of memory, stack overflow) pass picocli's handlers; {@link Main}
 * reports them through {@link #reportError}.
 */
final class ErrorHandling {

    static final int USAGE = 2;
    static final int BAD_INPUT = 3;
    static final int FAILURE = 1;

    private ErrorHandling() {
    }

    static void install(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            // one line, as every failure: the problem, then where the usage is
            // an option's setter that refuses its value: picocli wraps the refusal in its own words
            String message = ex.getCause() instanceof UsageException u ? u.getMessage() : ex.getMessage();
            err.println("embspace: " + oneLine(message) + helpPointer(ex.getCommandLine()));
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = exitCode(ex);
            err.println("embspace: " + oneLine(message(ex)) + (code == USAGE ? helpPointer(commandLine) : ""));
            if (GlobalOptions.debug()) ex.printStackTrace(err);
            err.flush();
            return code;
        });
    }

    private static String helpPointer(CommandLine commandLine) {
        return " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')";
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof BadInputException || ex instanceof NoSuchFileException) return BAD_INPUT;
        if (ex instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException) return BAD_INPUT;
        // argv cannot hold a NUL, so an impossible path was read from a file
        if (ex instanceof InvalidPathException) return BAD_INPUT;
        if (ex instanceof UsageException) return USAGE;
        return FAILURE;
    }

    /** An Error that escaped every handler: one line and exit 1, the trace only with --debug. */
    static int reportError(Error e) {
        String line = "embspace: " + oneLine(message(e));
        System.err.println(line);
        if (GlobalOptions.debug()) e.printStackTrace();
        System.err.flush();
        return FAILURE;
    }

    private static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException nsf) return nsf.getFile() + ": no such file";
        if (ex instanceof UncheckedIOException u && u.getCause() != null) return message(u.getCause());
        if (ex instanceof OutOfMemoryError) return "out of memory (raise the heap with EMBSPACE_JAVA_OPTS=-Xmx...)";
        if (ex instanceof StackOverflowError) return "stack overflow (an input nested too deeply?)";
        String m = ex.getMessage();
        if (m == null || m.isBlank()) return ex.getClass().getSimpleName();
        // an unexpected failure says what it is, so that a bug report has something to go on
        return exitCode(ex) == FAILURE ? ex.getClass().getSimpleName() + ": " + m : m;
    }

    /**
     * The message as one line that is safe to print: line breaks fold to a space and every other
     * control character (ESC, BEL, NUL... and the bidirectional overrides that reorder what a
     * terminal shows) is escaped, since messages quote file contents.
     */
    static String oneLine(String s) {
        if (s == null) return "";
        String folded = s.replaceAll("\\s*\\R\\s*", " ").strip();
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || isBidiControl(cp)) {
                out.append(cp < 0x100 ? String.format("\\x%02x", cp) : String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
                || cp == 0x061C;
    }
}
