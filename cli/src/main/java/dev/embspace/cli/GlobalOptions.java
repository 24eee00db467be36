package dev.embspace.cli;

import dev.embspace.engine.Progress;
import dev.embspace.engine.parallel.Parallel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * The contract's global options, accepted before or after a command's own arguments. Declared once
 * on the top-level command with inherited scope; picocli copies them onto every subcommand, so the
 * values live in static state that any command reads, whichever copy matched. The CLI runs one
 * command per process ({@link #reset()} is for tests that run several).
 */
public final class GlobalOptions {

    public enum Format { TEXT, JSON }

    private static volatile Format format = Format.TEXT;
    private static volatile boolean quiet;
    private static volatile boolean debug;

    @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Output format: text (default) or json.", converter = FormatConverter.class)
    void format(Format f) {
        format = f;
    }

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Worker threads (default: all cores).")
    void threads(int n) {
        Parallel.setThreads(n);
    }

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress output on stderr.")
    void quiet(boolean on) {
        quiet = on;
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    void debug(boolean on) {
        debug = on;
    }

    static boolean json() {
        return format == Format.JSON;
    }

    static boolean debug() {
        return debug;
    }

    /** Progress for long work on stderr, or none with --quiet. */
    static Progress progress() {
        return StderrProgress.create(quiet);
    }

    static void reset() {
        format = Format.TEXT;
        quiet = false;
        debug = false;
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new TypeConversionException("'" + value + "' is not a format (expected text or json)");
            };
        }
    }
}
