package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code project} and {@code info} on checkpoints written in the Hugging Face layouts, against brute force. */
class ProjectCommandTest {

    @TempDir
    Path tmp;

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    private static void assertRanking(JsonNode tokens, List<BruteForce.Ranked> expected) {
        assertEquals(expected.size(), tokens.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).id(), tokens.get(i).get("id").asInt(), "rank " + i);
            assertEquals(expected.get(i).score(), tokens.get(i).get("score").asDouble(), 1e-4, "rank " + i);
        }
    }

    @Test
    void gpt2ValueMatchesBruteForceFromTheRawConv1DWeights() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        int d = gpt2.sizes().d();
        // Conv1D c_proj is stored [d_ff, d]: FF unit 3's value is row 3
        float[] value = gpt2.raw("h.1.mlp.c_proj.weight").row(3);
        double[] scores = BruteForce.scores(gpt2.raw("wte.weight").data(), d, value);

        JsonNode root = json(Cli.run("project", "-m", gpt2.dir().toString(), "L1.ff.value.3", "-k", "5",
                "--bottom", "--format", "json", "--quiet"));
        assertEquals(gpt2.dir().toString(), root.get("model").asText());
        JsonNode result = root.get("results").get(0);
        assertEquals("L1.ff.value.3", result.get("vector").asText());
        assertRanking(result.get("top"), BruteForce.top(scores, 5, false));
        assertRanking(result.get("bottom"), BruteForce.top(scores, 5, true));
        int best = result.get("top").get(0).get("id").asInt();
        assertEquals(gpt2.tokens().get(best), result.get("top").get(0).get("token").asText());
    }

    @Test
    void foldLnMultipliesReadingVectorsByTheirNormGain() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        int d = gpt2.sizes().d();
        float[] key = gpt2.raw("h.1.mlp.c_fc.weight").column(5); // read through ln_2 of the same block
        float[] gain = gpt2.raw("h.1.ln_2.weight").data();
        for (int c = 0; c < d; c++) key[c] *= gain[c];
        double[] scores = BruteForce.scores(gpt2.raw("wte.weight").data(), d, key);
        JsonNode root = json(Cli.run("project", "-m", gpt2.dir().toString(), "L1.ff.key.5", "-k", "5", "--fold-ln",
                "--format", "json"));
        assertTrue(root.get("fold_ln").asBoolean());
        assertRanking(root.get("results").get(0).get("top"), BruteForce.top(scores, 5, false));
    }

    @Test
    void singleSafetensorsFileFindsConfigAndTokenizerBesideIt() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path file = gpt2.dir().resolve("model.safetensors");
        assertTrue(Files.isRegularFile(file));
        float[] key = gpt2.raw("h.0.mlp.c_fc.weight").column(7); // Conv1D [d, d_ff]: key 7 is column 7
        double[] scores = BruteForce.scores(gpt2.raw("wte.weight").data(), gpt2.sizes().d(), key);
        JsonNode root = json(Cli.run("project", "-m", file.toString(), "L0.ff.key.7", "-k", "4", "--format", "json"));
        assertRanking(root.get("results").get(0).get("top"), BruteForce.top(scores, 4, false));
    }

    @Test
    void llamaShardedGateUsesTheUntiedLmHead() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        float[] gate = llama.raw("model.layers.1.mlp.gate_proj.weight").row(2);
        double[] scores = BruteForce.scores(llama.raw("lm_head.weight").data(), llama.sizes().d(), gate);
        JsonNode root = json(Cli.run("project", "-m", llama.dir().toString(), "L1.ff.gate.2", "-k", "3", "--format", "json"));
        assertRanking(root.get("results").get(0).get("top"), BruteForce.top(scores, 3, false));

        double[] inputScores = BruteForce.scores(llama.raw("model.embed_tokens.weight").data(), llama.sizes().d(), gate);
        JsonNode input = json(Cli.run("project", "-m", llama.dir().toString(), "L1.ff.gate.2", "-k", "3",
                "--embedding", "input", "--format", "json"));
        assertRanking(input.get("results").get(0).get("top"), BruteForce.top(inputScores, 3, false));
    }

    @Test
    void textOutputShowsReadableTokensOfEveryVector() throws Exception {
        TestCheckpoint neox = TestModels.gptNeoX(tmp.resolve("neox"));
        Cli.Result r = Cli.run("project", "-m", neox.dir().toString(), "L0.attn.o.1", "emb.3", "-k", "2", "--bottom");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("L0.attn.o.1  top 2"), r::toString);
        assertTrue(r.out().contains("emb.3  bottom 2"), r::toString);
    }

    @Test
    void filterAndWordListNarrowTheCandidates() throws Exception {
        TestCheckpoint bert = TestModels.bert(tmp.resolve("bert"));
        List<String> tokens = bert.tokens();
        Path words = Files.writeString(tmp.resolve("words.txt"), tokens.get(5) + "\n" + tokens.get(9) + "\n");
        JsonNode root = json(Cli.run("project", "-m", bert.dir().toString(), "L0.ff.value.0", "-k", "5",
                "--words", words.toString(), "--format", "json"));
        // a listed word matches the token itself and its WordPiece continuation ("##word")
        List<Integer> expected = new java.util.ArrayList<>();
        for (int id = 0; id < tokens.size(); id++) {
            String bare = tokens.get(id).replaceFirst("^##", "");
            if (bare.equals(tokens.get(5)) || bare.equals(tokens.get(9))) expected.add(id);
        }
        JsonNode top = root.get("results").get(0).get("top");
        assertEquals(4, expected.size(), expected::toString);
        assertEquals(expected.size(), top.size(), "only the listed words can appear, and all of them do");
        for (JsonNode t : top) assertTrue(expected.contains(t.get("id").asInt()), top::toString);
    }

    @Test
    void indexOutOfRangeIsAUsageError() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Cli.Result r = Cli.run("project", "-m", gpt2.dir().toString(), "L0.ff.key.100000");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("embspace: ") && r.err().contains("100000"), r::toString);
    }

    @Test
    void infoDescribesTheLlamaCheckpoint() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        JsonNode info = json(Cli.run("info", "-m", llama.dir().toString(), "--format", "json"));
        assertEquals("llama", info.get("architecture").asText());
        assertEquals(llama.sizes().layers(), info.get("layers").asInt());
        assertEquals(llama.sizes().kvHeads(), info.get("kv_heads").asInt());
        assertEquals(llama.sizes().headDim(), info.get("head_dim").asInt());
        assertTrue(info.get("gated_mlp").asBoolean());
        assertTrue(info.get("dtypes").has("BF16"), info::toString);
        assertEquals(3 + llama.weightFiles().size(), info.get("files").size(), info::toString);
    }
}
