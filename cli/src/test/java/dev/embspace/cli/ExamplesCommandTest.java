package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExamplesCommandTest {

    private static final List<String> TEXTS = List.of("The capital of France is Paris.",
            "The jury said the election was conducted well.", "He went to the bank to deposit the money.",
            "Stocks fell sharply on Monday as investors sold banks.");

    @TempDir
    Path tmp;

    private Path corpus() throws Exception {
        return Files.writeString(tmp.resolve("corpus.txt"), String.join("\n\n", TEXTS) + "\n");
    }

    private static List<JsonNode> lines(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) out.add(Json.MAPPER.readTree(line));
        return out;
    }

    @Test
    void jsonLinesCarryTheContractsFieldsForEveryUnitInOrder() throws Exception {
        String model = RealModels.minilm().toString();
        List<JsonNode> lines = lines(Cli.run("examples", "-m", model, "--corpus", corpus().toString(), "L3.ff.907",
                "L3.ff.value.907", "L0.ff.key.5", "-k", "4", "--context", "2", "--format", "json", "--quiet"));
        assertEquals(3, lines.size());
        assertEquals(List.of("L3.ff.907", "L3.ff.value.907", "L0.ff.key.5"), lines.stream().map(l -> l.get("vector").asText()).toList());
        assertEquals(lines.get(0).get("examples"), lines.get(1).get("examples"), "two names of one unit");
        try (LoadedModel m = ModelLoader.load(model, Progress.NONE)) {
            for (JsonNode line : lines) {
                JsonNode examples = line.get("examples");
                assertEquals(4, examples.size());
                double previous = Double.POSITIVE_INFINITY;
                for (JsonNode e : examples) {
                    assertTrue(e.get("text").isTextual() && e.get("position").isInt() && e.get("token").isTextual()
                            && e.get("activation").isNumber(), e::toString);
                    assertTrue(e.get("activation").asDouble() <= previous, "highest first");
                    previous = e.get("activation").asDouble();
                    int[] ids = m.tokenizer().encode(e.get("text").asText()).ids();
                    assertEquals(TEXTS.get(e.get("text_index").asInt()), e.get("text").asText());
                    assertEquals(m.vocabulary().token(ids[e.get("position").asInt()]), e.get("token").asText());
                    assertTrue(e.get("context").get("token").asText().length() > 0, e::toString);
                }
                JsonNode h = line.get("histogram");
                long total = 0;
                for (JsonNode c : h.get("counts")) total += c.asLong();
                assertEquals(h.get("positions").asLong(), total);
                assertTrue(h.get("min").asDouble() <= previous && examples.get(0).get("activation").asDouble() == h.get("max").asDouble());
            }
        }
    }

    @Test
    void textFormHighlightsTheTokenInItsContext() throws Exception {
        Cli.Result r = Cli.run("examples", "--corpus", corpus().toString(), "L2.ff.100", "-k", "3", "--context", "3");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r::toString);
        assertTrue(lines[0].startsWith("L2.ff.100: top 3 of "), r::toString);
        for (int i = 1; i < 4; i++) assertTrue(lines[i].contains("[[") && lines[i].contains("]]"), r::toString);
        assertTrue(r.err().contains("examples"), "progress on stderr: " + r.err());
    }

    @Test
    void anythingButAnFfUnitIsAUsageErrorNamingIt() throws Exception {
        Path corpus = corpus();
        for (String bad : List.of("L0.attn.q.3", "emb.5", "L0.ff", "nonsense")) {
            Cli.Result r = Cli.run("examples", "--corpus", corpus.toString(), "L0.ff.1", bad);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().startsWith("embspace: ") && r.err().contains("'" + bad + "'") && r.err().lines().count() == 1, r::toString);
        }
        Cli.Result layer = Cli.run("examples", "--corpus", corpus.toString(), "L6.ff.1");
        assertEquals(2, layer.code(), layer::toString);
        assertTrue(layer.err().contains("layer 6"), layer::toString);
        Cli.Result gate = Cli.run("examples", "--corpus", corpus.toString(), "L0.ff.gate.1");
        assertEquals(2, gate.code(), gate::toString);
        Cli.Result k = Cli.run("examples", "--corpus", corpus.toString(), "L0.ff.1", "-k", "0");
        assertEquals(2, k.code(), k::toString);
        Cli.Result missing = Cli.run("examples", "--corpus", tmp.resolve("absent.txt").toString(), "L0.ff.1");
        assertEquals(3, missing.code(), missing::toString);
        assertTrue(missing.err().contains("absent.txt"), missing::toString);
    }
}
