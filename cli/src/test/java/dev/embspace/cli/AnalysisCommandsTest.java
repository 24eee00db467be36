package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.align.AlignOptions;
import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.keepk.KeepK;
import dev.embspace.engine.analysis.keepk.KeepKOptions;
import dev.embspace.engine.analysis.keepk.KeepKResult;
import dev.embspace.engine.analysis.pairs.LayerOverlap;
import dev.embspace.engine.analysis.pairs.PairsOptions;
import dev.embspace.engine.analysis.pairs.PairsResult;
import dev.embspace.engine.analysis.pairs.RelatedPairs;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.safetensors.SafetensorsWriter;
import dev.embspace.io.testmodels.RawTensor;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analysis commands on checkpoints in the Hugging Face layouts: their JSON carries exactly what
 * the engine computes (the engine is tested against brute force in its own module), their text
 * output is readable, and bad input fails with one line.
 */
class AnalysisCommandsTest {

    @TempDir
    Path tmp;

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void pairsJsonHasTheContractShapeAndTheEngineNumbers() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        JsonNode root = json(Cli.run("pairs", "-m", gpt2.dir().toString(), "-k", "10", "--seed", "3", "--format", "json", "--quiet"));
        PairsResult expected;
        try (LoadedModel m = ModelLoader.load(gpt2.dir().toString(), Progress.NONE)) {
            expected = RelatedPairs.compute(m.transformer(),
                    new PairsOptions(10, false, 3, false, EmbeddingSide.OUTPUT, null, 0), Progress.NONE);
        }
        assertEquals(3, root.get("seed").asLong());
        JsonNode layers = root.get("layers");
        assertEquals(2, layers.size());
        for (LayerOverlap l : expected.layers()) {
            JsonNode got = layers.get(l.layer());
            assertEquals(l.layer(), got.get("layer").asInt());
            assertEquals(l.kv(), got.get("kv").asDouble(), 1e-12);
            assertEquals(l.kvShuffled(), got.get("kv_shuffled").asDouble(), 1e-12);
            assertEquals(l.vo(), got.get("vo").asDouble(), 1e-12);
            assertEquals(l.voShuffled(), got.get("vo_shuffled").asDouble(), 1e-12);
            assertEquals(l.qk(), got.get("qk").asDouble(), 1e-12);
            assertEquals(l.qkShuffled(), got.get("qk_shuffled").asDouble(), 1e-12);
        }
        Cli.Result text = Cli.run("pairs", "-m", gpt2.dir().toString(), "-k", "10", "--quiet");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("shuffled"), text.out());
    }

    @Test
    void keepkJsonListsTheGridAndBothCurvesPerFamily() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        JsonNode root = json(Cli.run("keepk", "-m", gpt2.dir().toString(), "--samples", "8", "--points", "5",
                "--format", "json", "--quiet"));
        KeepKResult expected;
        try (LoadedModel m = ModelLoader.load(gpt2.dir().toString(), Progress.NONE)) {
            expected = KeepK.compute(m.transformer(), new KeepKOptions(8, 5, 42, null, EmbeddingSide.OUTPUT), Progress.NONE);
        }
        assertEquals(Arrays.toString(expected.k()), root.get("k").toString().replace(",", ", "));
        assertEquals(96, root.get("k").get(root.get("k").size() - 1).asInt());
        for (var curve : expected.curves()) {
            JsonNode f = root.get("families").get(curve.family().label());
            for (int g = 0; g < expected.k().length; g++) {
                assertEquals(curve.transpose()[g], f.get("transpose").get(g).asDouble(), 1e-12);
                assertEquals(curve.pseudoInverse()[g], f.get("pseudo_inverse").get(g).asDouble(), 1e-12);
            }
        }
        Cli.Result usage = Cli.run("keepk", "-m", gpt2.dir().toString(), "--families", "random,nope");
        assertEquals(2, usage.code(), usage::toString);
        Cli.Result points = Cli.run("keepk", "-m", gpt2.dir().toString(), "--points", "500", "--quiet");
        assertEquals(2, points.code(), points::toString);
        assertTrue(points.err().contains("--points must be between 2 and 127"), points.err());
    }

    @Test
    void alignOfAModelWithItselfMatchesLayersToThemselvesWithTheRawBaseline() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String dir = gpt2.dir().toString();
        JsonNode root = json(Cli.run("align", "-m", dir, "-m", dir, "--params", "ff.key,attn.o", "--raw",
                "--format", "json", "--quiet"));
        AlignResult expected;
        try (LoadedModel m = ModelLoader.load(dir, Progress.NONE)) {
            expected = Alignment.align(m.transformer(), m.transformer(),
                    new AlignOptions(List.of(VectorKind.FF_KEY, VectorKind.ATTN_O),
                            true, false, EmbeddingSide.OUTPUT), Progress.NONE);
        }
        JsonNode params = root.get("params");
        assertEquals(2, params.size());
        for (var k : expected.kinds()) {
            JsonNode p = params.get(k.kind().label());
            assertEquals(Json.MAPPER.valueToTree(k.matching()), p.get("matching"));
            assertEquals(Json.MAPPER.valueToTree(k.rawMatching()), p.get("raw_matching"));
            for (int i = 0; i < k.matrix().length; i++) {
                for (int j = 0; j < k.matrix()[i].length; j++) {
                    assertEquals(k.matrix()[i][j], p.get("matrix").get(i).get(j).asDouble(), 1e-12);
                    assertEquals(k.rawMatrix()[i][j], p.get("raw_matrix").get(i).get(j).asDouble(), 1e-12);
                }
            }
        }
        Cli.Result text = Cli.run("align", "-m", dir, "-m", dir, "--params", "attn.q", "--quiet");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("matching (A -> B): 0->0  1->1"), text.out());
    }

    @Test
    void alignRefusesModelsWithDifferentVocabulariesInOneLine() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        Cli.Result r = Cli.run("align", "-m", gpt2.dir().toString(), "-m", llama.dir().toString(), "--quiet");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().startsWith("embspace: ") && r.err().contains("do not share a vocabulary (96 vs 80 tokens)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Cli.Result one = Cli.run("align", "-m", gpt2.dir().toString());
        assertEquals(2, one.code(), one::toString);
    }

    @Test
    void diffFindsTheOneVectorThatFineTuningMovedAndProjectsItsChange() throws Exception {
        TestCheckpoint base = TestModels.gpt2(tmp.resolve("base"));
        Path tuned = Files.createDirectories(tmp.resolve("tuned"));
        for (String f : List.of("config.json", "tokenizer.json")) Files.copy(base.dir().resolve(f), tuned.resolve(f));
        // fine-tuning moved FF unit 3 of layer 1 along (1, ..., 1): c_proj is [d_ff, d], so its row 3
        Map<String, Tensor> weights = new TreeMap<>();
        int d = base.sizes().d();
        for (RawTensor t : base.tensors().values()) {
            float[] data = t.data().clone();
            if (t.name().equals("h.1.mlp.c_proj.weight")) for (int c = 0; c < d; c++) data[3 * d + c] += 1;
            weights.put(t.name(), Tensor.wrap(data, t.shape()));
        }
        SafetensorsWriter.write(tuned.resolve("model.safetensors"), weights, DType.F32);

        JsonNode root = json(Cli.run("diff", "--base", base.dir().toString(), "--tuned", tuned.toString(),
                "L1.ff.value.3", "L0.attn.q.2", "-k", "5", "--top", "3", "--format", "json", "--quiet"));
        JsonNode moved = root.get("results").get(0);
        assertEquals("L1.ff.value.3", moved.get("vector").asText());
        assertEquals(Math.sqrt(d), moved.get("norm").asDouble(), 1e-5);
        float[] ones = new float[d];
        Arrays.fill(ones, 1);
        double[] scores = BruteForce.scores(base.raw("wte.weight").data(), d, ones);
        List<BruteForce.Ranked> top = BruteForce.top(scores, 5, false);
        for (int i = 0; i < 5; i++) assertEquals(top.get(i).id(), moved.get("top").get(i).get("id").asInt());
        assertEquals(0.0, root.get("results").get(1).get("norm").asDouble(), 0, "untouched vector");
        assertEquals("L1.ff.value.3", root.get("most_changed").get(0).get("vector").asText());
        assertEquals(0.0, root.get("layers").get(0).get("mean_relative_change").get("ff.value").asDouble(), 0);
        assertTrue(root.get("layers").get(1).get("mean_relative_change").get("ff.value").asDouble() > 0);

        Cli.Result text = Cli.run("diff", "--base", base.dir().toString(), "--tuned", tuned.toString(), "--top", "1", "--quiet");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("most changed vectors:") && text.out().contains("L1.ff.value.3"), text.out());
    }

    @Test
    void circuitsJsonCarriesTheConventionAndNullsForSameOrLaterLayers() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        JsonNode root = json(Cli.run("circuits", "-m", gpt2.dir().toString(), "--fold-ln", "--format", "json", "--quiet"));
        CircuitScores expected;
        try (LoadedModel m = ModelLoader.load(gpt2.dir().toString(), Progress.NONE)) {
            expected = CircuitScores.compute(m.transformer(), true, Progress.NONE);
        }
        assertEquals(expected.convention(), root.get("convention").asText());
        assertEquals(expected.copying()[1][2], root.get("copying").get(1).get(2).asDouble(), 1e-12);
        JsonNode q = root.get("composition").get("q");
        assertTrue(q.get(4).get(1).isNull(), "layer 1 cannot compose into layer 0");
        assertEquals(expected.composition().q()[1][5], q.get(1).get(5).asDouble(), 1e-12);
        Cli.Result text = Cli.run("circuits", "-m", gpt2.dir().toString(), "--quiet");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("K-composition"), text.out());
    }
}
