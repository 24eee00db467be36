package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.io.data.MailCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mail-dataset}: labelled folders of raw e-mails (such as the SpamAssassin corpus, see
 * scripts/spam-dataset) into the training and test files that {@code probe} and {@code stitch} read.
 */
@Command(name = "mail-dataset", header = "Turn folders of e-mails into train/test JSON Lines.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn folders of raw e-mails (one message per file) into train and test JSON Lines",
                "for probe and stitch: headers stripped, MIME parts decoded, HTML reduced to text,",
                "duplicates dropped, a seeded split in the same proportion for every label.",
                "",
                "Example: embspace mail-dataset --folder ham=easy_ham --folder spam=spam \\",
                "           --train train.jsonl --test test.jsonl"})
final class MailDatasetCommand implements Callable<Integer> {

    @Option(names = "--folder", required = true, paramLabel = "LABEL=DIR",
            description = "A folder of mails and their label; repeat for each folder (a label may repeat).")
    List<String> folders;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Where to write the training examples.")
    Path train;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Where to write the test examples.")
    Path test;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2", description = "Share of each label held out for testing (default 0.2).")
    double testFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the split (default 0).")
    long seed;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "2000",
            description = "Characters kept of each mail, cut at a word (default 2000; the model's tokenizer cuts again).")
    int maxChars;

    @Option(names = "--glob", paramLabel = "PATTERN", defaultValue = "*", description = "Which file names are mails (default: all).")
    String glob;

    @Override
    public Integer call() throws IOException {
        List<MailCorpus.Folder> parsed = new ArrayList<>();
        for (String f : folders) {
            int eq = f.indexOf('=');
            if (eq <= 0 || eq == f.length() - 1) {
                throw new UsageException("--folder expects LABEL=DIR, got '" + f + "'");
            }
            parsed.add(new MailCorpus.Folder(f.substring(0, eq), Path.of(f.substring(eq + 1))));
        }
        OutputPath.distinct("--train", train, "--test", test);
        List<Path> mails = new ArrayList<>();
        for (MailCorpus.Folder folder : parsed) mails.addAll(OutputPath.filesIn(folder.directory()));
        OutputPath.file("--train", train, mails);
        OutputPath.file("--test", test, mails);
        MailCorpus.Summary s = MailCorpus.convert(parsed, train, test,
                new MailCorpus.Options(testFraction, seed, maxChars, glob), GlobalOptions.progress());
        if (GlobalOptions.json()) {
            ObjectNode root = Json.object()
                    .put("mails", s.mails()).put("train", s.train()).put("test", s.test())
                    .put("empty", s.empty()).put("duplicates", s.duplicates());
            ObjectNode labels = root.putObject("labels");
            s.perLabel().forEach(labels::put);
            Json.document(System.out, root);
        } else {
            System.out.printf("%d mails: %d training and %d test examples in %s and %s%n", s.mails(), s.train(), s.test(), train, test);
            System.out.printf("dropped %d without text and %d duplicates; kept per label: %s%n", s.empty(), s.duplicates(), s.perLabel());
        }
        return 0;
    }
}
