package dev.embspace.cli;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.vocab.TokenFilter;
import dev.embspace.engine.vocab.Vocabulary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Which token ids a result may contain: ids the vocabulary names (E may have padding rows beyond
 * it), narrowed by {@code --filter} and by a {@code --words} file.
 */
final class TokenAllowList {

    private TokenAllowList() {
    }

    static IntPredicate of(Vocabulary vocabulary, TokenFilter filter, Path wordsFile) {
        BitSet allowed = filter.allowed(vocabulary);
        if (allowed == null) {
            allowed = new BitSet(vocabulary.size());
            allowed.set(0, vocabulary.size());
        }
        if (wordsFile != null) allowed.and(words(vocabulary, wordsFile));
        BitSet result = allowed;
        return id -> id >= 0 && result.get(id);
    }

    /**
     * The tokens listed in {@code file}, one per line, matched against the stored token and its
     * readable form with the space or continuation marker removed, so "the" finds "the", "Ġthe" and "##the".
     */
    private static BitSet words(Vocabulary vocabulary, Path file) {
        List<String> lines = new String(UserFiles.readAllBytes(file, UserFiles.MAX_DATA_BYTES, "the word list"),
                StandardCharsets.UTF_8).lines().toList();
        Set<String> words = new HashSet<>();
        for (String line : lines) {
            String w = line.strip();
            if (!w.isEmpty() && !w.startsWith("#")) words.add(w);
        }
        if (words.isEmpty()) throw new BadInputException(file, "the word list is empty");
        BitSet set = new BitSet(vocabulary.size());
        for (int id = 0; id < vocabulary.size(); id++) {
            if (words.contains(vocabulary.token(id)) || words.contains(bare(vocabulary.readable(id)))) set.set(id);
        }
        if (set.isEmpty()) throw new BadInputException(file, "none of its " + words.size() + " words is in the model's vocabulary");
        return set;
    }

    private static String bare(String readable) {
        String s = readable.strip();
        if (s.startsWith("##")) s = s.substring(2);
        if (s.startsWith("␣") || s.startsWith("▁")) s = s.substring(1);
        return s;
    }
}
