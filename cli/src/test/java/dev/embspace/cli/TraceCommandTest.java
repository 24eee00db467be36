package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trace}: the contract's JSON on minilm-l6 and the decoder fixtures, attribution sums, interventions. */
class TraceCommandTest {

    @TempDir
    Path tmp;

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void traceOfARealEncoderHasTheContractShapeAndPartsSumToTheLogit() throws Exception {
        JsonNode root = json(Cli.run("trace", "-m", RealModels.minilm().toString(), "--text", "The capital of France is",
                "--position", "5", "--target", "paris", "-k", "4", "--format", "json"));
        assertEquals("is", root.get("tokens").get(5).asText());
        assertEquals(5, root.get("position").asInt());
        assertEquals(6, root.get("layers").size());
        for (JsonNode layer : root.get("layers")) {
            for (String point : new String[]{"pre_attn", "post_attn", "post_ff"}) assertEquals(4, layer.get("lens").get(point).size());
            assertEquals(10, layer.get("ff_updates").size());
            JsonNode first = layer.get("ff_updates").get(0);
            assertTrue(first.get("vector").asText().matches("L" + layer.get("layer").asInt() + "\\.ff\\.value\\.\\d+"));
            assertEquals(4, first.get("top").size());
            assertEquals(12, layer.get("heads").size());
        }
        JsonNode target = root.get("target");
        assertEquals("paris", target.get("token").asText());
        double sum = 0;
        Set<String> names = new HashSet<>();
        for (JsonNode part : target.get("parts")) {
            sum += part.get("value").asDouble();
            names.add(part.get("component").asText());
        }
        assertEquals(target.get("logit").asDouble(), sum, 1e-4);
        // embeddings, all 6 x 12 heads and 6 x 1536 units, and the biases of sublayers and norms
        assertTrue(names.containsAll(Set.of("embed", "pos_embed", "token_type_embed", "embed_ln.bias", "L5.head.11",
                "L0.ff.1535", "L3.attn.bias", "L3.ff.bias", "L2.ln1.bias", "L2.ln2.bias")), names::toString);
        assertEquals(3 + 1 + 6 * (12 + 1 + 1536 + 1 + 2), names.size());
    }

    @Test
    void encodersAreTracedAtEveryTokenByDefault() throws Exception {
        Cli.Result r = Cli.run("trace", "-m", RealModels.minilm().toString(), "--text", "Paris is nice", "-k", "2",
                "--updates", "1", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        assertEquals(5, lines.length, "one JSON line per token of [CLS] paris is nice [SEP]");
        for (int p = 0; p < lines.length; p++) assertEquals(p, Json.MAPPER.readTree(lines[p]).get("position").asInt());
    }

    @Test
    void ablationChangesThePredictionsAndReportsBefore() throws Exception {
        JsonNode root = json(Cli.run("trace", "-m", RealModels.minilm().toString(), "--text", "The capital of France is",
                "--position", "5", "--ablate", "L5.head.5,L3.ff.119", "--amplify", "L4.ff.11=4", "--target", "paris",
                "--format", "json"));
        assertEquals(3, root.get("intervention").size());
        assertEquals(0.0, root.get("intervention").get(0).get("factor").asDouble());
        JsonNode before = root.get("before");
        assertEquals(6, before.get("layers").size());
        // layers below the first intervention see the same stream before and after (up to the last bits:
        // the second pass in a JVM may run on differently compiled SIMD reductions)
        assertSameReading(root.get("layers").get(2).get("lens"), before.get("layers").get(2).get("lens"));
        assertNotEquals(root.get("layers").get(5).get("lens"), before.get("layers").get(5).get("lens"));
        assertNotEquals(root.get("target").get("logit").asDouble(), before.get("target_logit").asDouble());
    }

    private static void assertSameReading(JsonNode a, JsonNode b) {
        for (String point : new String[]{"pre_attn", "post_attn", "post_ff"}) {
            for (int i = 0; i < a.get(point).size(); i++) {
                assertEquals(a.get(point).get(i).get("id"), b.get(point).get(i).get("id"));
                assertEquals(a.get(point).get(i).get("score").asDouble(), b.get(point).get(i).get("score").asDouble(), 1e-4);
            }
        }
    }

    @Test
    void traceOfADecoderReadsTheLastToken() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        Cli.Result r = Cli.run("trace", "-m", llama.dir().toString(), "--text", "the word", "-k", "2", "--format", "json");
        JsonNode root = json(r);
        assertEquals(root.get("tokens").size() - 1, root.get("position").asInt());
        assertFalse(root.has("target"));
        Cli.Result text = Cli.run("trace", "-m", llama.dir().toString(), "--text", "the word", "-k", "2",
                "--target", root.get("predictions").get(0).get("token").asText());
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("norms frozen"), text::toString);
    }

    /** The lens says whether it reads through a masked-LM head's transform: minilm has none, BertForMaskedLM has one. */
    @Test
    void theMaskedLmTransformIsUsedWhereTheCheckpointHasOne() throws Exception {
        JsonNode minilm = json(Cli.run("trace", "-m", RealModels.minilm().toString(), "--text", "hello", "--position", "1",
                "-k", "2", "--format", "json"));
        assertFalse(minilm.get("mlm_transform").asBoolean());
        Cli.Result text = Cli.run("lens", "-m", RealModels.minilm().toString(), "--text", "hello", "-k", "2");
        assertTrue(text.out().contains("no masked-LM head"), text::toString);
        TestCheckpoint bert = TestModels.bert(tmp.resolve("bert-mlm"));
        JsonNode mlm = json(Cli.run("lens", "-m", bert.dir().toString(), "--text", "ab", "-k", "2", "--format", "json"));
        assertTrue(mlm.get("mlm_transform").asBoolean());
        JsonNode traced = json(Cli.run("trace", "-m", bert.dir().toString(), "--text", "ab", "--position", "0", "-k", "2",
                "--target", mlm.get("layers").get(0).get("positions").get(0).get("top").get(0).get("token").asText(), "--format", "json"));
        double sum = 0;
        for (JsonNode part : traced.get("target").get("parts")) sum += part.get("value").asDouble();
        assertEquals(traced.get("target").get("logit").asDouble(), sum, 1e-4);
    }

    @Test
    void badInterventionsAndPositionsAreUsageErrors() throws Exception {
        String model = RealModels.minilm().toString();
        for (String[] args : new String[][]{{"--ablate", "L9.ff.0"}, {"--ablate", "L0.head.12"}, {"--amplify", "L0.ff.1"},
                {"--position", "40"}, {"--target", "no such token"}}) {
            String[] all = new String[]{"trace", "-m", model, "--text", "hello", args[0], args[1]};
            Cli.Result r = Cli.run(all);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().startsWith("embspace: "), r::toString);
        }
    }
}
