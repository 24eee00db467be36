package dev.embspace.cli;

import picocli.CommandLine;

/** Entry point of the {@code embspace} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI and returns its exit code (tests call this directly). picocli hands exceptions
     * to {@link ErrorHandling} but rethrows Errors; those end here, as one line and exit 1.
     */
    public static int run(String... args) {
        return execute(EmbspaceCommand.commandLine(), args);
    }

    static int execute(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            return ErrorHandling.reportError(e);
        }
    }
}
