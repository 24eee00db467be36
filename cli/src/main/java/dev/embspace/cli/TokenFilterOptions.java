package dev.embspace.cli;

import dev.embspace.engine.vocab.TokenFilter;
import dev.embspace.engine.vocab.Vocabulary;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.IntPredicate;

/**
 * {@code --filter} and {@code --words}: which tokens may appear in a command's results. Filtering
 * happens inside the selection, so k results still come back when k allowed tokens exist.
 */
final class TokenFilterOptions {

    @Option(names = "--filter", paramLabel = "none|ascii|alnum", defaultValue = "none",
            converter = Converters.Filter.class,
            description = "Only tokens that are printable ASCII, or letters and digits (default none).")
    TokenFilter filter;

    @Option(names = "--words", paramLabel = "FILE", description = "Only tokens listed in FILE (one per line).")
    Path words;

    IntPredicate allowed(Vocabulary vocabulary) {
        return TokenAllowList.of(vocabulary, filter, words);
    }
}
