package dev.embspace.cli;

import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code atlas} on a small GPT-2 checkpoint: what it writes, where, and what it refuses. */
class AtlasCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheSiteAtomicallyRefusesAnExistingOneAndReplacesItWithForce() throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path out = tmp.resolve("sites/atlas");
        Cli.Result r = Cli.run("atlas", "-m", gpt2.dir().toString(), "--out", out.toString(), "-k", "3");
        assertEquals(0, r.code(), r::toString);
        for (String stage : List.of("neurons", "reverse index", "heads", "figures")) assertTrue(r.err().contains(stage), stage + "\n" + r);
        assertTrue(r.err().strip().lines().reduce((a, b) -> b).orElseThrow().matches("atlas: [0-9.]+ MB in \\d+ files at .*"), r::toString);
        for (String file : List.of("index.html", "figures.html", "search.html", "unit.html", "layer-0.html", "layer-1.html",
                "head-0-0.html", "head-1-3.html", "data/meta.js", "data/vocab.js", "data/tokenizer.js", "data/heads.js",
                "data/layer-1.js", "data/tokens/0.js", "assets/tabulator.min.js", "assets/atlas.js")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        assertTrue(Files.readString(out.resolve("data/tokenizer.js")).contains("\"type\":\"bpe\""));
        assertEquals(List.of(out), siblings(out), "no temporary directory is left beside the site");

        Files.writeString(out.resolve("marker"), "old");
        Cli.Result again = Cli.run("atlas", "-m", gpt2.dir().toString(), "--out", out.toString(), "-k", "3");
        assertEquals(2, again.code(), again::toString);
        assertTrue(again.err().startsWith("embspace: --out ") && again.err().contains("exists (use --force"), again::toString);
        assertEquals(1, again.err().strip().lines().count(), again::toString);
        assertTrue(Files.exists(out.resolve("marker")), "a refused run leaves the old site alone");

        Cli.Result forced = Cli.run("atlas", "-m", gpt2.dir().toString(), "--out", out.toString(), "-k", "3", "--layers", "1", "--force", "--quiet");
        assertEquals(0, forced.code(), forced::toString);
        assertFalse(Files.exists(out.resolve("marker")), "--force replaces the site as a whole");
        assertFalse(Files.exists(out.resolve("layer-0.html")));
        assertTrue(Files.exists(out.resolve("layer-1.html")));
        assertEquals(List.of(out), siblings(out));
    }

    @Test
    void compareAddsTheSixAlignmentFiguresAndCorpusTheEvidence() throws IOException {
        TestCheckpoint a = TestModels.gpt2(tmp.resolve("a"));
        TestCheckpoint b = TestModels.gpt2(tmp.resolve("b"), "transformer.");
        // the test vocabulary has no merges: its added token is the text that encodes
        Path corpus = Files.writeString(tmp.resolve("corpus.txt"), "<|endoftext|>".repeat(5) + "\n" + "<|endoftext|>".repeat(3) + "\n");
        Path out = tmp.resolve("site");
        Cli.Result r = Cli.run("atlas", "-m", a.dir().toString(), "--compare", b.dir().toString(), "--corpus", corpus.toString(),
                "--out", out.toString(), "-k", "3");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("corpus"), r::toString);
        for (String kind : List.of("ff.key", "ff.value", "attn.q", "attn.k", "attn.v", "attn.o")) {
            for (String ext : List.of(".svg", ".csv", ".json")) assertTrue(Files.isRegularFile(out.resolve("figures/align-" + kind + ext)), kind + ext);
        }
        for (String name : List.of("pairs", "keepk", "copying", "composition", "recall", "lens")) {
            assertTrue(Files.isRegularFile(out.resolve("figures/" + name + ".svg")), name);
            assertTrue(Files.readString(out.resolve("index.html")).contains("figures/" + name + ".svg"), name);
        }
        assertTrue(Files.isRegularFile(out.resolve("data/examples-0.js")));
        assertTrue(Files.isRegularFile(out.resolve("data/examples-1.js")));
    }

    @Test
    void usageErrorsBeforeAnyWork() throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String m = gpt2.dir().toString();
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path notAtlas = Files.createDirectories(tmp.resolve("plain"));
        String[][] cases = {
                {"atlas", "-m", m},
                {"atlas", "-m", m, "--out", tmp.resolve("a").toString(), "-k", "0"},
                {"atlas", "-m", m, "--out", tmp.resolve("b").toString(), "--layers", "1-7"},
                {"atlas", "-m", m, "--out", tmp.resolve("c").toString(), "--layers", "x"},
                {"atlas", "-m", m, "--out", file.toString(), "--force"},
                {"atlas", "-m", m, "--out", notAtlas.toString(), "--force"},
                {"atlas", "--serve", tmp.toString(), "--out", tmp.resolve("d").toString()},
        };
        for (String[] args : cases) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), () -> String.join(" ", args) + "\n" + r);
            assertTrue(r.err().startsWith("embspace: ") && r.err().strip().lines().count() == 1, r::toString);
        }
        for (String name : List.of("a", "b", "c")) assertFalse(Files.exists(tmp.resolve(name)), name);
        assertEquals("x", Files.readString(file));
    }

    private static List<Path> siblings(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.getParent())) {
            return s.toList();
        }
    }
}
