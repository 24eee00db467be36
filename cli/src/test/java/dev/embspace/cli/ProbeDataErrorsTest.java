package dev.embspace.cli;

import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.data.LabelSet;
import dev.embspace.io.probe.HeadFile;
import dev.embspace.io.probe.ProbeHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bad data files stop probe and stitch with exit 3 and one line naming the file, before any model loads. */
class ProbeDataErrorsTest {

    @TempDir
    Path tmp;

    private static void assertBadInput(Cli.Result r, String expected) {
        assertEquals(3, r.code(), r::toString);
        assertEquals("embspace: " + expected, r.err().strip(), r::toString);
    }

    @Test
    void aMissingLabelInTheTrainingFile() throws IOException {
        Path train = Files.writeString(tmp.resolve("train.jsonl"), "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\"}\n");
        assertBadInput(Cli.run("probe", "--quiet", "--train", train.toString(), "--out", tmp.resolve("h.safetensors").toString()),
                train + ": line 2: missing label");
    }

    @Test
    void anEmptyTextInACsvFile() throws IOException {
        Path train = Files.writeString(tmp.resolve("train.csv"), "label,text\nspam,buy now\nham,\"  \"\n");
        assertBadInput(Cli.run("probe", "--quiet", "--train", train.toString(), "--out", tmp.resolve("h.safetensors").toString()),
                train + ": line 3: empty text");
    }

    @Test
    void anUnknownLabelInTheTestFile() throws IOException {
        Path train = Files.writeString(tmp.resolve("train.jsonl"), "{\"text\": \"a\", \"label\": \"ham\"}\n{\"text\": \"b\", \"label\": \"spam\"}\n");
        Path test = Files.writeString(tmp.resolve("test.jsonl"), "{\"text\": \"c\", \"label\": \"eggs\"}\n");
        assertBadInput(Cli.run("probe", "--quiet", "--train", train.toString(), "--test", test.toString(),
                "--out", tmp.resolve("h.safetensors").toString()), test + ": line 1: label 'eggs' is not among the training labels [ham, spam]");
    }

    @Test
    void aSingleLabelCannotTrainAClassifier() throws IOException {
        Path train = Files.writeString(tmp.resolve("train.jsonl"), "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 1}\n");
        Path test = Files.writeString(tmp.resolve("test.jsonl"), "{\"text\": \"c\", \"label\": 1}\n");
        assertBadInput(Cli.run("probe", "--quiet", "--train", train.toString(), "--test", test.toString(),
                "--out", tmp.resolve("h.safetensors").toString()), train + ": a classifier needs at least two labels, found only [1]");
    }

    @Test
    void stitchRejectsALabelTheHeadNeverLearned() throws IOException {
        Path head = tmp.resolve("head.safetensors");
        HeadFile.write(head, new ProbeHead("minilm-l6", 5, Pooling.MEAN, LabelSet.of(List.of("ham", "spam")),
                new LinearHead(Matrix.wrap(new float[]{1, -1}, 2, 1), new float[]{0, 0}), null), Map.of());
        Path data = Files.writeString(tmp.resolve("data.jsonl"), "{\"text\": \"c\", \"label\": \"ham\"}\n{\"text\": \"d\", \"label\": \"phish\"}\n");
        assertBadInput(Cli.run("stitch", "--quiet", "--head", head.toString(), "--host", "e5-small-v2", "--data", data.toString()),
                data + ": line 2: label 'phish' is not among the training labels [ham, spam]");
        Path notAHead = Files.writeString(tmp.resolve("x.safetensors"), "junk");
        Cli.Result r = Cli.run("stitch", "--quiet", "--head", notAHead.toString(), "--host", "e5-small-v2", "--data", data.toString());
        assertEquals(3, r.code(), r::toString);
    }
}
