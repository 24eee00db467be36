package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.PseudoInverseReadingTest;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --reading pinv} on project, neurons and heads (GPT-2 fixture): brute force through the rows of E^+. */
class PinvReadingCommandTest {

    @TempDir
    Path tmp;

    @Test
    void projectNeuronsAndHeadsReadThroughThePseudoInverse() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String dir = gpt2.dir().toString();
        try (LoadedModel m = ModelLoader.load(dir, Progress.NONE)) {
            Transformer t = m.transformer();
            double[][] ePrime = PseudoInverseReadingTest.pinvTransposed(t.embedding(EmbeddingSide.OUTPUT));

            JsonNode project = json(Cli.run("project", "-m", dir, "L1.ff.key.5", "L0.ff.value.2", "-k", "6", "--reading", "pinv", "--format", "json"));
            assertEquals("pinv", project.get("reading").asText());
            assertTop(brute(ePrime, t.block(1).mlp().key().row(5)), project.get("results").get(0).get("top"));
            // a writing-side vector is read through E whatever the reading
            assertTop(brute(t.embedding(EmbeddingSide.OUTPUT), t.block(0).mlp().value().row(2)), project.get("results").get(1).get("top"));

            Cli.Result neurons = Cli.run("neurons", "-m", dir, "--layer", "0", "--kind", "attn.q", "-k", "4", "--reading", "pinv", "--format", "json");
            assertEquals(0, neurons.code(), neurons::toString);
            String[] lines = neurons.out().strip().split("\n");
            assertTop(brute(ePrime, t.block(0).attention().q().row(3)), Json.MAPPER.readTree(lines[3]).get("top"));

            // QK with both sides read through E^+: the top pair's score is E'_from W_Q W_K^T E'_to^T
            JsonNode heads = json(Cli.run("heads", "-m", dir, "--layer", "1", "--head", "2", "--circuit", "qk", "-k", "3",
                    "--reading", "pinv", "--format", "json"));
            JsonNode top = heads.get("pairs").get(0);
            double[] from = ePrime[top.get("from").get("id").asInt()], to = ePrime[top.get("to").get("id").asInt()];
            var a = t.block(1).attention();
            double score = 0;
            for (int j = 0; j < a.headDim(); j++) {
                score += dot(from, a.headQ(2).row(j)) * dot(to, a.headK(2).row(j));
            }
            assertEquals(score, top.get("score").asDouble(), 1e-4 * Math.max(1, Math.abs(score)));
        }
        Cli.Result bad = Cli.run("project", "-m", dir, "L0.ff.key.1", "--reading", "inverse");
        assertEquals(2, bad.code(), bad::toString);
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    private static double[] brute(double[][] e, float[] x) {
        double[] s = new double[e.length];
        for (int t = 0; t < e.length; t++) s[t] = dot(e[t], x);
        return s;
    }

    private static double[] brute(dev.embspace.engine.tensor.Matrix e, float[] x) {
        double[] s = new double[e.rows()];
        for (int t = 0; t < e.rows(); t++) for (int c = 0; c < x.length; c++) s[t] += (double) e.get(t, c) * x[c];
        return s;
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int c = 0; c < b.length; c++) s += a[c] * b[c];
        return s;
    }

    private static void assertTop(double[] scores, JsonNode top) {
        for (int r = 0; r < top.size(); r++) {
            int id = top.get(r).get("id").asInt();
            assertEquals(scores[id], top.get(r).get("score").asDouble(), 1e-4 * Math.max(1, Math.abs(scores[id])));
            int better = 0;
            for (double s : scores) if (s > scores[id] + 1e-5) better++;
            assertEquals(r, better, "rank " + r);
        }
    }
}
