package dev.embspace.io.data;

import dev.embspace.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Both formats, and the contract's errors for bad data files. */
class LabelledDataFilesTest {

    @TempDir
    Path tmp;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private String error(Path file) {
        return assertThrows(BadInputException.class, () -> LabelledDataFiles.read(file)).getMessage();
    }

    @Test
    void readsJsonLinesWithStringAndIntegerLabels() throws IOException {
        Path f = file("d.jsonl", """
                {"text": "free money", "label": "spam"}

                {"text": "lunch at noon?", "label": 0, "source": "inbox/1"}
                """);
        LabelledData data = LabelledDataFiles.read(f);
        assertEquals(List.of(new LabelledExample("free money", "spam", 1), new LabelledExample("lunch at noon?", "0", 3)),
                data.examples());
    }

    @Test
    void readsCsvWithQuotedCommasQuotesAndLineBreaks() throws IOException {
        Path f = file("d.csv", "id,Label,text\r\n"
                + "1,spam,\"win, now\"\r\n"
                + "2,ham,\"she said \"\"hi\"\"\nand left\"\r\n"
                + "\r\n"
                + "3,ham,plain\n");
        LabelledData data = LabelledDataFiles.read(f);
        assertEquals(List.of(
                new LabelledExample("win, now", "spam", 2),
                new LabelledExample("she said \"hi\"\nand left", "ham", 3),
                new LabelledExample("plain", "ham", 6)), data.examples());
    }

    @Test
    void aFileWithoutAKnownExtensionIsSniffed() throws IOException {
        assertEquals("a", LabelledDataFiles.read(file("d.txt", "{\"text\": \"x\", \"label\": \"a\"}\n")).examples().getFirst().label());
        assertEquals("b", LabelledDataFiles.read(file("e.txt", "text,label\ny,b\n")).examples().getFirst().label());
    }

    @Test
    void labelsAreOrderedByNameNotByAppearance() throws IOException {
        LabelledData data = LabelledDataFiles.read(file("d.jsonl", """
                {"text": "a", "label": 10}
                {"text": "b", "label": 2}
                {"text": "c", "label": 10}
                """));
        assertEquals(List.of("2", "10"), data.labels().names());
        assertArrayEquals(new int[]{1, 0, 1}, data.classIndices(data.labels()));
        assertEquals(List.of("ham", "spam"), LabelSet.of(List.of("spam", "ham", "spam")).names());
    }

    @Test
    void missingLabelNamesFileAndLine() throws IOException {
        Path json = file("d.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\"}\n");
        assertEquals(json + ": line 2: missing label", error(json));
        Path csv = file("d.csv", "text,label\na,x\nb,\n");
        assertEquals(csv + ": line 3: missing label (the label is empty)", error(csv));
    }

    @Test
    void emptyTextNamesFileAndLine() throws IOException {
        Path json = file("d.jsonl", "{\"text\": \"  \", \"label\": \"x\"}\n");
        assertEquals(json + ": line 1: empty text", error(json));
        Path csv = file("d.csv", "text,label\n\"\",x\n");
        assertEquals(csv + ": line 2: empty text", error(csv));
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path notJson = file("a.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \n");
        assertEquals(notJson + ": line 2 is not valid JSON", error(notJson).replaceAll(": Unexpected.*", ""));
        Path array = file("b.jsonl", "[\"a\", \"x\"]\n");
        assertEquals(array + ": line 1 must be a JSON object, found an array", error(array));
        Path floatLabel = file("c.jsonl", "{\"text\": \"a\", \"label\": 1.5}\n");
        assertEquals(floatLabel + ": line 1: \"label\" must be a string or an integer, found the non-integer 1.5", error(floatLabel));
        Path width = file("d.csv", "text,label\na,x,extra\n");
        assertEquals(width + ": line 2: malformed record: 3 fields where the header has 2", error(width));
        Path open = file("e.csv", "text,label\nok,x\n\"never closed,x\n");
        assertEquals(open + ": line 3: malformed record: a quoted field is never closed", error(open));
        Path stray = file("f.csv", "text,label\nsay \"hi\",x\n");
        assertEquals(stray + ": line 2: malformed record: a quote inside a field (quote the whole field and double inner quotes: \"a \"\"b\"\" c\")", error(stray));
        Path noColumn = file("g.csv", "body,label\na,x\n");
        assertEquals(noColumn + ": line 1: the CSV header has no 'text' column (columns: body, label)", error(noColumn));
    }

    @Test
    void noExamplesIsAnError() throws IOException {
        Path json = file("a.jsonl", "\n\n");
        assertEquals(json + ": no examples", error(json));
        Path headerOnly = file("b.csv", "text,label\n");
        assertEquals(headerOnly + ": no examples", error(headerOnly));
    }

    @Test
    void invalidUtf8AndMissingFilesAreNamed() throws IOException {
        Path latin1 = Files.write(tmp.resolve("l.csv"), "text,label\ncaf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": line 2: not valid UTF-8 (data files must be UTF-8)", error(latin1));
        Path missing = tmp.resolve("none.jsonl");
        assertEquals(missing + ": no such file", error(missing));
    }

    @Test
    void anUnknownTestLabelIsNamedWithItsLine() throws IOException {
        LabelledData train = LabelledDataFiles.read(file("train.jsonl", "{\"text\": \"a\", \"label\": \"ham\"}\n{\"text\": \"b\", \"label\": \"spam\"}\n"));
        Path testFile = file("test.jsonl", "{\"text\": \"c\", \"label\": \"spam\"}\n{\"text\": \"d\", \"label\": \"eggs\"}\n");
        LabelledData test = LabelledDataFiles.read(testFile);
        BadInputException e = assertThrows(BadInputException.class, () -> test.classIndices(train.labels()));
        assertEquals(testFile + ": line 2: label 'eggs' is not among the training labels [ham, spam]", e.getMessage());
    }

    @Test
    void splitIsStratifiedSeededAndDisjoint() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) sb.append("{\"text\": \"t").append(i).append("\", \"label\": \"").append(i < 20 ? "a" : "b").append("\"}\n");
        LabelledData data = LabelledDataFiles.read(file("d.jsonl", sb.toString()));
        LabelledData.Split split = data.split(0.2, 7);
        assertEquals(4, split.heldOut().examples().stream().filter(e -> e.label().equals("a")).count());
        assertEquals(2, split.heldOut().examples().stream().filter(e -> e.label().equals("b")).count());
        assertEquals(30, split.train().size() + split.heldOut().size());
        assertEquals(0, split.train().examples().stream().filter(split.heldOut().examples()::contains).count());
        assertEquals(split.heldOut().examples(), data.split(0.2, 7).heldOut().examples());
        LabelledData sample = data.sample(10, 3);
        assertEquals(10, sample.size());
        assertEquals(sample.examples(), data.sample(10, 3).examples());
    }
}
