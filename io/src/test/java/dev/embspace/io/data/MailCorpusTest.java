package dev.embspace.io.data;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailCorpusTest {

    @TempDir
    Path tmp;

    private Path folder(String name, int mails, String body) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < mails; i++) {
            Files.writeString(dir.resolve(String.format("%05d.txt", i)), "Subject: " + name + " " + i + "\nFrom: x@y\n\n" + body + " " + i + "\n");
        }
        Files.writeString(dir.resolve("cmds"), "not a mail");
        return dir;
    }

    @Test
    void convertsFoldersIntoASeededStratifiedSplitTheReaderAccepts() throws IOException {
        Path ham = folder("easy_ham", 20, "see you at the meeting");
        Path spam = folder("spam", 10, "buy cheap pills");
        // an image-only mail has no text; an exact copy of another mail is not kept twice
        Files.writeString(spam.resolve("00098.txt"), "Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n");
        Files.copy(spam.resolve("00001.txt"), spam.resolve("00099.txt"));
        List<MailCorpus.Folder> folders = List.of(new MailCorpus.Folder("ham", ham), new MailCorpus.Folder("spam", spam));
        MailCorpus.Options options = new MailCorpus.Options(0.2, 42, 30, "*.txt");
        Path train = tmp.resolve("out/train.jsonl");
        Path test = tmp.resolve("out/test.jsonl");
        MailCorpus.Summary s = MailCorpus.convert(folders, train, test, options, Progress.NONE);

        assertEquals(new MailCorpus.Summary(32, 24, 6, 1, 1, Map.of("ham", 20, "spam", 10)), s);
        LabelledData trainData = LabelledDataFiles.read(train);
        LabelledData testData = LabelledDataFiles.read(test);
        assertEquals(4, testData.examples().stream().filter(e -> e.label().equals("ham")).count());
        assertEquals(2, testData.examples().stream().filter(e -> e.label().equals("spam")).count());
        assertTrue(trainData.examples().stream().allMatch(e -> e.text().length() <= 30 && !e.text().contains("From:")));
        assertTrue(testData.texts().stream().noneMatch(trainData.texts()::contains));

        String first = Files.readString(test);
        MailCorpus.convert(folders, train, test, options, Progress.NONE);
        assertEquals(first, Files.readString(test), "the same seed gives the same split");
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = tmp.resolve("nope");
        BadInputException e = assertThrows(BadInputException.class, () -> MailCorpus.convert(
                List.of(new MailCorpus.Folder("spam", missing)), tmp.resolve("a"), tmp.resolve("b"),
                new MailCorpus.Options(0.2, 1, 100, "*"), Progress.NONE));
        assertEquals(missing + ": not a directory of mails", e.getMessage());
    }
}
