package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code embed} and {@code lens}: the contract's JSON shapes on the real model and on a decoder checkpoint. */
class ForwardCommandsTest {

    @TempDir
    Path tmp;

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void embedGivesOneHiddenRowPerTokenAndTheirMean() throws Exception {
        JsonNode root = json(Cli.run("embed", "-m", RealModels.minilm().toString(), "--text", "Paris is in France.",
                "--pool", "mean", "--format", "json"));
        JsonNode hidden = root.get("hidden");
        assertEquals(root.get("ids").size(), hidden.size());
        assertEquals(root.get("tokens").size(), hidden.size());
        assertEquals("[CLS]", root.get("tokens").get(0).asText());
        JsonNode pooled = root.get("pooled");
        assertEquals(384, pooled.size());
        for (int c = 0; c < 384; c += 37) {
            double mean = 0;
            for (JsonNode row : hidden) mean += row.get(c).asDouble();
            assertEquals(mean / hidden.size(), pooled.get(c).asDouble(), 1e-5, "dimension " + c);
        }
    }

    @Test
    void lensReadsEveryLayerAtEveryPosition() throws Exception {
        JsonNode root = json(Cli.run("lens", "-m", RealModels.minilm().toString(), "--text", "The capital of France",
                "-k", "3", "--format", "json"));
        int positions = root.get("tokens").size();
        assertEquals(6, root.get("layers").size());
        for (JsonNode layer : root.get("layers")) {
            assertEquals(positions, layer.get("positions").size());
            for (JsonNode p : layer.get("positions")) assertEquals(3, p.get("top").size());
        }
        // BERT's first layer still carries the input token at its own position
        JsonNode capital = root.get("layers").get(0).get("positions").get(2);
        assertEquals("capital", capital.get("token").asText());
        assertEquals("capital", capital.get("top").get(0).get("token").asText());
    }

    @Test
    void lensRunsOnALlamaCheckpoint() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        Cli.Result r = Cli.run("lens", "-m", llama.dir().toString(), "--text", "the word", "-k", "2");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("position 0") && r.out().contains("L" + (llama.sizes().layers() - 1)), r::toString);
    }

    @Test
    void textWithNoTokensIsAUsageError() throws Exception {
        // the GPT-2 fixture's BPE has no merges and no unknown token: multi-letter words encode to nothing
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Cli.Result r = Cli.run("lens", "-m", gpt2.dir().toString(), "--text", "the word");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("embspace: ") && r.err().contains("no tokens"), r::toString);
    }

    @Test
    void recallReportsEveryLayerAndKindWithItsBaseline() throws Exception {
        Path corpus = java.nio.file.Files.writeString(tmp.resolve("corpus.txt"),
                "The jury said the election was conducted well.\n\nThe city council met on Friday to discuss the budget.\n");
        JsonNode root = json(Cli.run("recall", "-m", RealModels.minilm().toString(), "--corpus", corpus.toString(),
                "--max-tokens", "40", "-k", "10", "--format", "json", "--quiet"));
        assertTrue(root.get("positions").asInt() >= 2 && root.get("positions").asInt() <= 40, root::toString);
        assertEquals(6, root.get("layers").size());
        for (JsonNode layer : root.get("layers")) {
            for (String against : new String[]{"against_layer", "against_last"}) {
                for (String kind : new String[]{"ff.key", "ff.value", "attn.v", "attn.o"}) {
                    JsonNode s = layer.get(against).get(kind);
                    assertTrue(s.get("recall").asDouble() >= 0 && s.get("recall").asDouble() <= 1, s::toString);
                    assertTrue(s.get("random").asDouble() >= 0 && s.get("random").asDouble() <= 1, s::toString);
                }
            }
        }
    }

    @Test
    void emptyCorpusIsBadInput() throws Exception {
        Path corpus = java.nio.file.Files.writeString(tmp.resolve("empty.txt"), "\n  \n");
        Cli.Result r = Cli.run("recall", "--corpus", corpus.toString());
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().startsWith("embspace: ") && r.err().contains("empty.txt") && r.err().contains("no text"), r::toString);
    }
}
