package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.tensor.DType;
import dev.embspace.io.gguf.GgufFixtures;
import dev.embspace.io.gguf.MalformedGgufs;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GGUF files from the command line: analyses, tokenizer-only use, and the malformed corpus's exit 3. */
class GgufCommandsTest {

    private static final List<String> TEXTS = List.of("the time of the long word", "  what, how?!", "",
            "was it the one <|endoftext|> then", "caf\u00e9 \u2014 na\u00efve \ud83d\ude00");

    @TempDir
    Path tmp;

    @Test
    void infoAndProjectReadAQuantizedGguf() throws Exception {
        TestCheckpoint c = TestModels.llama(tmp.resolve("hf"), new TestCheckpoint.Sizes(300, 256, 2, 4, 2, 64, 512));
        Path gguf = GgufFixtures.llama(c, DType.Q8_0, tmp.resolve("model.gguf"));
        Cli.Result info = Cli.run("info", "-m", gguf.toString(), "--format", "json");
        assertEquals(0, info.code(), info::toString);
        JsonNode root = Json.MAPPER.readTree(info.out());
        assertEquals("llama", root.get("architecture").asText());
        assertTrue(root.get("dtypes").has("Q8_0"), info::toString);
        Cli.Result project = Cli.run("project", "-m", gguf.toString(), "L1.ff.value.3", "-k", "5", "--format", "json");
        assertEquals(0, project.code(), project::toString);
        assertEquals(5, Json.MAPPER.readTree(project.out()).get("results").get(0).get("top").size());
    }

    /** A GGUF converted from GPT-2 tokenizes every line as its tokenizer.json does, in one run. */
    @Test
    void ggufAndTokenizerOnlyDirectoryTokenizeAlike() throws Exception {
        TestCheckpoint c = TestModels.gpt2(tmp.resolve("hf"));
        Path gguf = GgufFixtures.gpt2(c, DType.F32, tmp.resolve("gpt2.gguf"));
        Path only = Files.createDirectories(tmp.resolve("tokenizer-only"));
        Files.copy(c.dir().resolve("tokenizer.json"), only.resolve("tokenizer.json"));
        Path lines = tmp.resolve("lines.txt");
        Files.writeString(lines, String.join("\n", TEXTS) + "\n");

        Cli.Result fromGguf = Cli.run("tokenize", "-m", gguf.toString(), "--file", lines.toString());
        Cli.Result fromDir = Cli.run("tokenize", "-m", only.toString(), "--file", lines.toString());
        assertEquals(0, fromGguf.code(), fromGguf::toString);
        assertEquals(0, fromDir.code(), fromDir::toString);
        assertEquals(TEXTS.size(), fromDir.out().lines().count(), fromDir::toString);
        assertEquals(fromDir.out(), fromGguf.out());
        List<String> outLines = fromDir.out().lines().toList();
        for (int i = 0; i < TEXTS.size(); i++) {
            Cli.Result one = Cli.run("tokenize", "-m", c.dir().toString(), "--text", TEXTS.get(i), "--format", "json");
            assertEquals(Json.MAPPER.readTree(one.out()), Json.MAPPER.readTree(outLines.get(i)), TEXTS.get(i));
        }
    }

    /** vocab.txt alone, vocab.json + merges.txt alone, and stdin: each line as the full model's --text. */
    @Test
    void tokenizerOnlyDirectoriesAndStdin() throws Exception {
        TestCheckpoint bert = TestModels.bert(tmp.resolve("bert"));
        Path vocabTxt = Files.createDirectories(tmp.resolve("vocab-txt"));
        Files.copy(bert.dir().resolve("vocab.txt"), vocabTxt.resolve("vocab.txt"));
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path vocabJson = Files.createDirectories(tmp.resolve("vocab-json"));
        var vocab = Json.MAPPER.createObjectNode();
        for (int i = 0; i < gpt2.tokens().size(); i++) vocab.put(gpt2.tokens().get(i), i);
        Json.MAPPER.writeValue(vocabJson.resolve("vocab.json").toFile(), vocab);
        Files.writeString(vocabJson.resolve("merges.txt"), "#version: 0.2\n");
        List<String> texts = List.of("the time of", "how, what?", "one word");
        Path lines = tmp.resolve("short.txt");
        Files.writeString(lines, String.join("\n", texts) + "\n");
        for (Path[] pair : new Path[][] {{vocabTxt, bert.dir()}, {vocabJson, gpt2.dir()}}) {
            Cli.Result r = Cli.run("tokenize", "-m", pair[0].toString(), "--file", lines.toString());
            assertEquals(0, r.code(), r::toString);
            List<String> out = r.out().lines().toList();
            assertEquals(texts.size(), out.size(), r::toString);
            for (int i = 0; i < texts.size(); i++) {
                Cli.Result one = Cli.run("tokenize", "-m", pair[1].toString(), "--text", texts.get(i), "--format", "json");
                assertEquals(Json.MAPPER.readTree(one.out()), Json.MAPPER.readTree(out.get(i)), pair[0] + ": " + texts.get(i));
            }
        }
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(lines)));
            Cli.Result fromStdin = Cli.run("tokenize", "-m", vocabTxt.toString(), "--file", "-");
            assertEquals(Cli.run("tokenize", "-m", vocabTxt.toString(), "--file", lines.toString()).out(), fromStdin.out());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void textAndFileAreExclusive() throws Exception {
        Cli.Result r = Cli.run("tokenize", "-m", "x", "--text", "a", "--file", "b");
        assertEquals(2, r.code(), r::toString);
    }

    @TestFactory
    Stream<DynamicTest> malformedGgufsExitThree() {
        return MalformedGgufs.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path file = c.writeInto(tmp.resolve("cases"));
            Cli.Result r = Cli.run("info", "-m", file.toString());
            assertEquals(3, r.code(), r::toString);
            List<String> lines = r.err().lines().filter(l -> l.startsWith("embspace: ")).toList();
            assertEquals(1, lines.size(), r::toString);
            assertTrue(lines.getFirst().contains(file.getFileName().toString()), r::toString);
            assertTrue(lines.getFirst().contains(c.problem()), r::toString);
            assertFalse(r.err().contains("\tat "), r::toString);
        }));
    }
}
