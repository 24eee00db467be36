package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code project --token}: the reverse index on the command line, against brute force and against {@code project} itself. */
class ProjectTokenTest {

    @TempDir
    Path tmp;

    private record Unit(String vector, double score) {
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void unitsOfEveryLayerAndKindMatchBruteForceFromTheRawConv1DWeights() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        int token = 7;
        JsonNode root = json(Cli.run("project", "-m", gpt2.dir().toString(), "--token", gpt2.tokens().get(token),
                "--kind", "ff.value,ff.key", "-k", "9", "--format", "json", "--quiet"));
        assertEquals(gpt2.dir().toString(), root.get("model").asText());
        assertEquals(token, root.get("token").get("id").asInt());
        assertEquals(gpt2.tokens().get(token), root.get("token").get("token").asText());
        assertEquals(List.of("model", "token", "units"), fieldNames(root));

        int d = gpt2.sizes().d();
        float[] e = new float[d];
        System.arraycopy(gpt2.raw("wte.weight").data(), token * d, e, 0, d);
        List<Unit> all = new ArrayList<>();
        for (int l = 0; l < gpt2.sizes().layers(); l++) {
            for (int i = 0; i < gpt2.sizes().dFf(); i++) {
                // Conv1D: c_proj [d_ff, d] holds value i as row i, c_fc [d, d_ff] key i as column i
                all.add(new Unit("L" + l + ".ff.value." + i, dot(e, gpt2.raw("h." + l + ".mlp.c_proj.weight").row(i))));
                all.add(new Unit("L" + l + ".ff.key." + i, dot(e, gpt2.raw("h." + l + ".mlp.c_fc.weight").column(i))));
            }
        }
        all.sort(Comparator.comparingDouble(Unit::score).reversed());
        JsonNode units = root.get("units");
        assertEquals(9, units.size());
        for (int i = 0; i < 9; i++) {
            assertEquals(all.get(i).vector(), units.get(i).get("vector").asText(), "rank " + i);
            assertEquals(all.get(i).score(), units.get(i).get("score").asDouble(), 1e-4, "rank " + i);
            assertEquals(List.of("vector", "score"), fieldNames(units.get(i)));
        }
    }

    /**
     * The index ranks units by their raw score for the token, so a listed unit's own top-k holds
     * the token exactly when the token ranks within k among that unit's tokens: with k the whole
     * vocabulary always, with the very score; with a small k only where the unit's k-th score
     * does not beat it.
     */
    @Test
    void eachListedUnitsOwnProjectionHoldsTheTokenWithTheSameScoreWhereItsRankAllows() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        int token = 12;
        JsonNode units = json(Cli.run("project", "-m", gpt2.dir().toString(), "--token", gpt2.tokens().get(token),
                "--format", "json", "--quiet")).get("units");
        assertEquals(20, units.size(), "-k defaults to 20 with --token");
        int vocab = gpt2.sizes().vocab();
        JsonNode whole = projectAll(gpt2, units, vocab);
        JsonNode top5 = projectAll(gpt2, units, 5);
        int contained = 0;
        for (int i = 0; i < units.size(); i++) {
            String vector = units.get(i).get("vector").asText();
            float score = units.get(i).get("score").floatValue();
            assertEquals(vector, whole.get(i).get("vector").asText());
            assertEquals(score, scoreOf(whole.get(i).get("top"), token), vector);
            boolean rankAllows = rankOf(whole.get(i).get("top"), token) < 5;
            assertEquals(rankAllows, scoreOf(top5.get(i).get("top"), token) != null, vector);
            if (rankAllows) contained++;
            else assertTrue(top5.get(i).get("top").get(4).get("score").floatValue() >= score, vector);
        }
        assertTrue(contained > 0, "the token's strongest writers include some that rank it in their top 5");
    }

    @Test
    void theTokenIsNamedAsStoredAsShownOrAsTextOfOneToken() throws Exception {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String stored = gpt2.tokens().get(3); // "Ġ" + word: GPT-2's leading-space marker
        assertTrue(stored.startsWith("\u0120"), stored);
        for (String form : List.of(stored, " " + stored.substring(1))) {
            JsonNode root = json(Cli.run("project", "-m", gpt2.dir().toString(), "--token", form, "-k", "2", "--format", "json"));
            assertEquals(3, root.get("token").get("id").asInt(), form);
        }
        TestCheckpoint bert = TestModels.bert(tmp.resolve("bert"));
        String word = bert.tokens().get(7);
        String capitalised = Character.toUpperCase(word.charAt(0)) + word.substring(1); // the uncased tokenizer lowercases
        JsonNode root = json(Cli.run("project", "-m", bert.dir().toString(), "--token", capitalised, "-k", "2", "--format", "json"));
        assertEquals(7, root.get("token").get("id").asInt());
        Cli.Result text = Cli.run("project", "-m", bert.dir().toString(), "--token", word, "-k", "3", "--quiet");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().startsWith("units scoring '" + word + "' (id 7) highest: ff.value, top 3"), text::toString);
        assertEquals(4, text.out().strip().split("\n").length, text::toString);
    }

    @Test
    void severalTokensOrVectorsBesideTheTokenAreUsageErrors() throws Exception {
        TestCheckpoint bert = TestModels.bert(tmp.resolve("bert"));
        String dir = bert.dir().toString();
        String two = bert.tokens().get(5) + " " + bert.tokens().get(9);
        Cli.Result several = Cli.run("project", "-m", dir, "--token", two);
        assertEquals(2, several.code(), several::toString);
        assertTrue(several.err().startsWith("embspace: ") && several.err().contains("2 tokens")
                && several.err().contains("'" + bert.tokens().get(5) + "' '" + bert.tokens().get(9) + "'"), several::toString);
        assertEquals(1, several.err().strip().split("\n").length, several::toString);
        for (String[] args : List.of(new String[] {"project", "-m", dir, "--token", "x", "L0.ff.value.1"},
                new String[] {"project", "-m", dir},
                new String[] {"project", "-m", dir, "L0.ff.value.1", "--kind", "ff.key"},
                new String[] {"project", "-m", dir, "--token", bert.tokens().get(5), "--bottom"},
                new String[] {"project", "-m", dir, "--token", bert.tokens().get(5), "--kind", "ff.nothing"},
                new String[] {"project", "-m", dir, "--token", ""})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().startsWith("embspace: "), r::toString);
        }
    }

    /** {@code project} of every listed unit at once: its results, in the units' order. */
    private static JsonNode projectAll(TestCheckpoint model, JsonNode units, int k) throws Exception {
        List<String> args = new ArrayList<>(List.of("project", "-m", model.dir().toString(), "-k", String.valueOf(k), "--format", "json"));
        for (JsonNode unit : units) args.add(unit.get("vector").asText());
        return json(Cli.run(args.toArray(String[]::new))).get("results");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (double) a[j] * b[j];
        return s;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Float scoreOf(JsonNode tokens, int id) {
        for (JsonNode t : tokens) if (t.get("id").asInt() == id) return t.get("score").floatValue();
        return null;
    }

    private static int rankOf(JsonNode tokens, int id) {
        for (int i = 0; i < tokens.size(); i++) if (tokens.get(i).get("id").asInt() == id) return i;
        return -1;
    }
}
