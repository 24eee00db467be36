package dev.embspace.cli;

import dev.embspace.io.safetensors.MalformedCheckpoints;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract's exit code 3: every malformed input is refused with one line on stderr that names
 * the file and the problem, and no stack trace.
 */
class BadInputTest {

    @TempDir
    Path tmp;

    private static void assertBadInput(Cli.Result r, Path file, String problem) {
        assertEquals(3, r.code(), r::toString);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("embspace: ")).count(), r::toString);
        String line = r.err().lines().filter(l -> l.startsWith("embspace: ")).findFirst().orElseThrow();
        assertTrue(line.contains(file.getFileName().toString()), () -> "names " + file + ": " + r);
        assertTrue(line.contains(problem), () -> "says '" + problem + "': " + r);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
    }

    /** A model directory whose weights are one malformed case, with a valid config and tokenizer beside them. */
    @TestFactory
    Stream<DynamicTest> malformedWeights() throws Exception {
        TestCheckpoint good = TestModels.gpt2(tmp.resolve("good"));
        return MalformedCheckpoints.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            MalformedCheckpoints.Written w = c.writeInto(tmp.resolve("cases"));
            Files.copy(good.config(), w.directory().resolve("config.json"));
            Files.copy(good.dir().resolve("tokenizer.json"), w.directory().resolve("tokenizer.json"));
            assertBadInput(Cli.run("project", "-m", w.directory().toString(), "L0.ff.key.0"), w.blamed(), c.problem());
        }));
    }

    @Test
    void missingConfigKey() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String config = Files.readString(gpt2.config()).replaceFirst("\"n_layer\"\\s*:\\s*\\d+\\s*,?", "");
        Files.writeString(gpt2.config(), config);
        assertBadInput(Cli.run("info", "-m", gpt2.dir().toString()), gpt2.config(), "n_layer");
    }

    @Test
    void unknownModelType() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Files.writeString(gpt2.config(), Files.readString(gpt2.config()).replace("\"gpt2\"", "\"mamba\""));
        assertBadInput(Cli.run("info", "-m", gpt2.dir().toString()), gpt2.config(), "mamba");
    }

    @Test
    void missingTokenizer() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Files.delete(gpt2.dir().resolve("tokenizer.json"));
        assertBadInput(Cli.run("project", "-m", gpt2.dir().toString(), "L0.ff.key.0"), gpt2.dir(), "tokenizer");
    }

    @Test
    void emptyVocabulary() throws Exception {
        TestCheckpoint bert = TestModels.bert(tmp.resolve("bert"));
        Path vocab = bert.dir().resolve("vocab.txt");
        Files.writeString(vocab, "");
        assertBadInput(Cli.run("project", "-m", bert.dir().toString(), "L0.ff.key.0"), vocab, "empty");
    }

    @Test
    void missingModelDirectory() {
        Path nowhere = tmp.resolve("no-such-model");
        Cli.Result r = Cli.run("info", "-m", nowhere.toString());
        assertBadInput(r, nowhere, "no-such-model");
    }

    @Test
    void corruptOnnx() throws Exception {
        Path onnx = Files.write(tmp.resolve("broken.onnx"), new byte[]{0x08, (byte) 0x80, (byte) 0x80});
        // looked up beside the export, and validated before any work: a valid one, so the export is what fails
        Files.copy(TestModels.gpt2(tmp.resolve("gpt2-tok")).dir().resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        assertBadInput(Cli.run("import-onnx", onnx.toString(), "--out", tmp.resolve("out").toString()), onnx, "truncated");
        assertFalse(Files.exists(tmp.resolve("out")), "a failed import leaves no output directory");
    }
}
