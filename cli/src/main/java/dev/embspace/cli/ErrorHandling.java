package dev.embspace.cli;

import dev.embspace.engine.BadInputException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * Maps failures to the contract's exit codes and one-line messages: 2 for usage errors, 3 for bad
 * input, 1 for anything else; a stack trace only with --debug.
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
            err.println("embspace: " + oneLine(ex.getMessage()) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code = exitCode(ex);
            err.println("embspace: " + oneLine(message(ex)));
            if (GlobalOptions.debug()) ex.printStackTrace(err);
            err.flush();
            return code;
        });
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof BadInputException || ex instanceof NoSuchFileException) return BAD_INPUT;
        if (ex instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException) return BAD_INPUT;
        if (ex instanceof IllegalArgumentException) return USAGE;
        return FAILURE;
    }

    private static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException nsf) return nsf.getFile() + ": no such file";
        if (ex instanceof UncheckedIOException u && u.getCause() != null) return message(u.getCause());
        if (ex instanceof OutOfMemoryError) return "out of memory (raise the heap with EMBSPACE_JAVA_OPTS=-Xmx...)";
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
