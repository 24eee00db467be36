package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurons} on a GPT-2 checkpoint (Conv1D weights, read through transposed views), against brute force. */
class NeuronsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everyKeyOfEveryLayerComesOutInOrderAndMatchesBruteForce() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        TestCheckpoint.Sizes s = gpt2.sizes();
        Cli.Result r = Cli.run("neurons", "-m", gpt2.dir().toString(), "--kind", "ff.key", "-k", "6", "--bottom",
                "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        assertEquals(s.layers() * s.dFf(), lines.length);
        float[] e = gpt2.raw("wte.weight").data();
        for (int layer = 0; layer < s.layers(); layer++) {
            for (int unit = 0; unit < s.dFf(); unit++) {
                JsonNode line = Json.MAPPER.readTree(lines[layer * s.dFf() + unit]);
                assertEquals("L" + layer + ".ff.key." + unit, line.get("vector").asText());
                // Conv1D c_fc is stored [d, d_ff]: key i is column i
                float[] key = gpt2.raw("h." + layer + ".mlp.c_fc.weight").column(unit);
                double[] scores = BruteForce.scores(e, s.d(), key);
                assertRanking(line.get("top"), BruteForce.top(scores, 6, false), line.get("vector").asText());
                assertRanking(line.get("bottom"), BruteForce.top(scores, 6, true), line.get("vector").asText());
            }
        }
    }

    @Test
    void oneLayerInTextIsOneLinePerVector() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Cli.Result r = Cli.run("neurons", "-m", gpt2.dir().toString(), "--kind", "ff.value", "--layer", "1", "-k", "3", "--quiet");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        assertEquals(gpt2.sizes().dFf(), lines.length);
        assertTrue(lines[2].startsWith("L1.ff.value.2:  '"), lines[2]);
    }

    @Test
    void severalKindsComeOutLayerByLayer() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        TestCheckpoint.Sizes s = gpt2.sizes();
        Cli.Result r = Cli.run("neurons", "-m", gpt2.dir().toString(), "--kind", "ff.key,ff.value", "-k", "2",
                "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        assertEquals(s.layers() * 2 * s.dFf(), lines.length);
        assertEquals("L0.ff.value.0", Json.MAPPER.readTree(lines[s.dFf()]).get("vector").asText());
        assertEquals("L1.ff.key.0", Json.MAPPER.readTree(lines[2 * s.dFf()]).get("vector").asText());
    }

    @Test
    void unknownKindMissingGateAndBadLayerAreUsageErrors() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String dir = gpt2.dir().toString();
        Cli.Result kind = Cli.run("neurons", "-m", dir, "--kind", "ff.bogus");
        assertEquals(2, kind.code(), kind::toString);
        assertTrue(kind.err().contains("'ff.bogus' is not a vector kind"), kind::toString);
        Cli.Result gate = Cli.run("neurons", "-m", dir, "--kind", "ff.gate");
        assertEquals(2, gate.code(), gate::toString);
        Cli.Result layer = Cli.run("neurons", "-m", dir, "--kind", "ff.key", "--layer", "9");
        assertEquals(2, layer.code(), layer::toString);
        assertTrue(layer.err().startsWith("embspace: ") && layer.err().contains("layer 9"), layer::toString);
    }

    private static void assertRanking(JsonNode tokens, List<BruteForce.Ranked> expected, String vector) {
        assertEquals(expected.size(), tokens.size(), vector);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).id(), tokens.get(i).get("id").asInt(), vector + " rank " + i);
            assertEquals(expected.get(i).score(), tokens.get(i).get("score").asDouble(), 1e-4, vector + " rank " + i);
        }
    }
}
