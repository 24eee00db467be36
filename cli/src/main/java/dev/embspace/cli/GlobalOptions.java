package dev.embspace.cli;

import dev.embspace.engine.parallel.Parallel;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.Locale;

/**
 * The contract's global options, accepted before or after a command's own arguments: a mixin
 * every command includes, with inherited scope.
 */
public final class GlobalOptions {

    public enum Format { TEXT, JSON }

    private static volatile boolean debug;

    @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Output format: text (default) or json.", converter = FormatConverter.class)
    Format format = Format.TEXT;

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Worker threads (default: all cores).")
    void threads(int n) {
        if (n < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        Parallel.setThreads(n);
    }

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress output on stderr.")
    boolean quiet;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    void debug(boolean on) {
        debug = on;
    }

    public Format format() {
        return format;
    }

    public boolean json() {
        return format == Format.JSON;
    }

    public boolean quiet() {
        return quiet;
    }

    static boolean debug() {
        return debug;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a format (expected text or json)");
            };
        }
    }
}
