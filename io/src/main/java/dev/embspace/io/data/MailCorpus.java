package dev.embspace.io.data;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.UsageException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.io.AtomicFiles;
import dev.embspace.io.data.mail.MailText;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns folders of raw e-mails, one message per file (the SpamAssassin public corpus: easy_ham,
 * hard_ham, spam), into training and test files in the JSON Lines format the probe reads. Each
 * mail becomes its readable text (see {@link MailText}), cut to a character budget; mails with no
 * text (image-only spam) and exact duplicates (the corpus repeats some spam verbatim, and a copy
 * on both sides of the split would inflate test accuracy) are dropped; then a seeded shuffle
 * splits every label in the same proportion.
 */
public final class MailCorpus {

    /** A folder of mails that all carry {@code label}. */
    public record Folder(String label, Path directory) {
    }

    /**
     * @param testFraction the share of each label written to the test file
     * @param seed         seeds the split, so a conversion can be repeated exactly
     * @param maxChars     each text's character budget (the tokenizer cuts again to the model's length)
     * @param glob         which file names in the folders are mails (e.g. "*.txt"), "*" for all
     */
    public record Options(double testFraction, long seed, int maxChars, String glob) {
        public Options {
            if (!(testFraction > 0 && testFraction < 1)) throw new UsageException("--test-fraction must be in (0, 1), got " + testFraction);
            if (maxChars < 1) throw new UsageException("--max-chars must be at least 1, got " + maxChars);
        }
    }

    /** What a conversion did; {@code perLabel} counts the examples kept for each label. */
    public record Summary(int mails, int train, int test, int empty, int duplicates, Map<String, Integer> perLabel) {
    }

    /** One converted mail; {@code source} is its folder and file name, kept for tracing an example back. */
    record Mail(String text, String label, String source) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private MailCorpus() {
    }

    public static Summary convert(List<Folder> folders, Path trainFile, Path testFile, Options options, Progress progress) throws IOException {
        if (folders.isEmpty()) throw new UsageException("no mail folders given");
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Folder folder : folders) {
            List<Path> mails = mailFiles(folder.directory(), options.glob());
            files.addAll(mails);
            for (int i = 0; i < mails.size(); i++) labels.add(folder.label());
        }
        progress.start("reading mails", files.size());
        Map<String, List<Mail>> byLabel = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int empty = 0;
        int duplicates = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String text = MailText.truncate(MailText.of(read(file)), options.maxChars());
            progress.advance(1);
            if (text.isEmpty()) {
                empty++;
                continue;
            }
            if (!seen.add(text)) {
                duplicates++;
                continue;
            }
            String source = file.getParent().getFileName() + "/" + file.getFileName();
            byLabel.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(new Mail(text, labels.get(i), source));
        }
        progress.finish();

        Random rng = new Random(options.seed());
        List<Mail> train = new ArrayList<>();
        List<Mail> test = new ArrayList<>();
        Map<String, Integer> perLabel = new LinkedHashMap<>();
        for (var entry : byLabel.entrySet()) {
            List<Mail> mails = new ArrayList<>(entry.getValue());
            Collections.shuffle(mails, rng);
            int held = (int) Math.round(mails.size() * options.testFraction());
            test.addAll(mails.subList(0, held));
            train.addAll(mails.subList(held, mails.size()));
            perLabel.put(entry.getKey(), mails.size());
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new BadInputException(folders.getFirst().directory(), "too few mails with text to split into training and test files");
        }
        // the files list mails in a fixed order (by source), not class by class
        train.sort(Comparator.comparing(Mail::source));
        test.sort(Comparator.comparing(Mail::source));
        write(trainFile, train);
        write(testFile, test);
        return new Summary(files.size(), train.size(), test.size(), empty, duplicates, perLabel);
    }

    private static List<Path> mailFiles(Path directory, String glob) throws IOException {
        if (!Files.isDirectory(directory)) throw new BadInputException(directory, "not a directory of mails");
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UsageException("--glob '" + glob + "' is not a valid pattern: " + e.getDescription());
        }
        try (Stream<Path> listing = Files.list(directory)) {
            List<Path> files = listing.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName())).sorted().toList();
            if (files.isEmpty()) throw new BadInputException(directory, "no files matching '" + glob + "'");
            return files;
        }
    }

    /**
     * A mail's first {@link #MAX_MESSAGE_BYTES}: real ones are kilobytes, attachments are skipped
     * anyway, and the text is cut to --max-chars; a huge (or sparse) file costs no more than that.
     */
    private static byte[] read(Path file) {
        return UserFiles.readPrefix(file, MAX_MESSAGE_BYTES);
    }

    static final int MAX_MESSAGE_BYTES = 4 << 20;

    private static void write(Path file, List<Mail> mails) throws IOException {
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Mail m : mails) {
                ObjectNode line = JSON.createObjectNode();
                line.put("text", m.text());
                line.put("label", m.label());
                line.put("source", m.source());
                w.write(JSON.writeValueAsString(line));
                w.write('\n');
            }
            w.flush();
        });
    }
}
