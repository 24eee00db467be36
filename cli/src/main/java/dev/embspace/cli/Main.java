package dev.embspace.cli;

import picocli.CommandLine;

/** Entry point of the {@code embspace} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        return EmbspaceCommand.commandLine().execute(args);
    }
}
