package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.ReferenceReverseIndex;
import dev.embspace.engine.project.ReverseIndex;
import dev.embspace.engine.project.UnitScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reverse index on the real all-MiniLM-L6-v2: one layer's FF keys, projected in two calls,
 * against brute force (every unit's full E x, sorted per token), ids and float scores exactly; the
 * column-threshold scan of both kernels on real scores; and {@code project --token paris}.
 */
class RealModelReverseIndexTest {

    private static final int K = 12;

    private static Path dir;
    private static LoadedModel model;

    @BeforeAll
    static void load() {
        dir = RealModels.minilm();
        model = ModelLoader.load(dir.toString(), Progress.NONE);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void oneLayerInTwoCallsAgreesExactlyWithBruteForce() {
        Transformer t = model.transformer();
        Matrix e = t.embedding(EmbeddingSide.OUTPUT);
        Matrix keys = t.vectors(2, VectorKind.FF_KEY, EmbeddingSide.OUTPUT);
        ReverseIndex index = new ReverseIndex(e.rows(), K);
        // the second half first, numbered after the first: ties and merges across calls both matter
        Projector.project(e, keys.rowRange(900, keys.rows()), 10, true, null, index, 900);
        Projector.project(e, keys.rowRange(0, 900), 10, false, null, index, 0);
        ReferenceReverseIndex reference = new ReferenceReverseIndex(e, null);
        reference.add(keys, 0);
        for (int token = 0; token < e.rows(); token += 97) check(reference, index, token);
        check(reference, index, model.vocabulary().id("paris").orElseThrow());
    }

    @Test
    void columnThresholdScanAgreesWithTheScalarScanOnRealScores() {
        Transformer t = model.transformer();
        Matrix e = t.embedding(EmbeddingSide.OUTPUT).rowRange(2000, 2700);
        Matrix values = t.vectors(4, VectorKind.FF_VALUE, EmbeddingSide.OUTPUT).rowRange(0, 200);
        float[] scores = new float[values.rows() * e.rows()];
        Gemm.get().multiplyTransposed(values, e, scores);
        // thresholds as a running index has them: the 5th best of the first 40 units per token
        float[] thresholds = new float[e.rows()];
        for (int c = 0; c < e.rows(); c++) {
            float[] column = new float[40];
            for (int r = 0; r < 40; r++) column[r] = scores[r * e.rows() + c];
            Arrays.sort(column);
            thresholds[c] = column[40 - 5];
        }
        int[] expected = new int[e.rows()];
        int[] actual = new int[e.rows()];
        int hits = 0;
        for (int r = 40; r < values.rows(); r++) {
            int n = MicroKernel.scalar().atLeast(scores, r * e.rows(), thresholds, 0, e.rows(), expected);
            int m = MicroKernel.get().atLeast(scores, r * e.rows(), thresholds, 0, e.rows(), actual);
            assertArrayEquals(Arrays.copyOf(expected, n), Arrays.copyOf(actual, m), "unit " + r);
            hits += n;
        }
        assertTrue(hits > 0 && hits < (values.rows() - 40) * e.rows() / 4, "a real scan keeps a few: " + hits);
    }

    @Test
    void projectTokenParisListsTheStrongestWritersWithTheScoresProjectGives() throws Exception {
        Cli.Result r = Cli.run("project", "-m", dir.toString(), "--token", "Paris", "-k", "10", "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        JsonNode root = Json.MAPPER.readTree(r.out());
        int paris = model.vocabulary().id("paris").orElseThrow();
        assertEquals(paris, root.get("token").get("id").asInt());
        JsonNode units = root.get("units");
        assertEquals(10, units.size());
        // brute force over every ff.value of every layer
        Transformer t = model.transformer();
        ReferenceReverseIndex reference = new ReferenceReverseIndex(t.embedding(EmbeddingSide.OUTPUT), null);
        int units0 = t.vectors(0, VectorKind.FF_VALUE, EmbeddingSide.OUTPUT).rows();
        for (int l = 0; l < t.layers(); l++) reference.add(t.vectors(l, VectorKind.FF_VALUE, EmbeddingSide.OUTPUT), l * units0);
        List<UnitScore> expected = reference.units(paris, 10);
        for (int i = 0; i < 10; i++) {
            int unit = expected.get(i).unit();
            assertEquals("L" + unit / units0 + ".ff.value." + unit % units0, units.get(i).get("vector").asText(), "rank " + i);
            assertEquals(expected.get(i).score(), units.get(i).get("score").floatValue(), "rank " + i);
        }
        // each unit's own top 20 holds paris exactly where paris ranks within 20 for that unit
        List<String> args = new ArrayList<>(List.of("project", "-m", dir.toString(), "-k", "20", "--format", "json"));
        for (JsonNode unit : units) args.add(unit.get("vector").asText());
        Cli.Result p = Cli.run(args.toArray(String[]::new));
        assertEquals(0, p.code(), p::toString);
        JsonNode results = Json.MAPPER.readTree(p.out()).get("results");
        for (int i = 0; i < units.size(); i++) {
            JsonNode top = results.get(i).get("top");
            float score = units.get(i).get("score").floatValue();
            boolean listed = false;
            for (JsonNode tok : top) {
                if (tok.get("id").asInt() == paris) {
                    listed = true;
                    assertEquals(score, tok.get("score").floatValue(), units.get(i).toString());
                }
            }
            if (!listed) assertTrue(top.get(19).get("score").floatValue() >= score, units.get(i) + " ranks paris below its top 20");
        }
    }

    private static void check(ReferenceReverseIndex reference, ReverseIndex index, int token) {
        assertEquals(reference.units(token, K), index.units(token), "token " + token + " " + model.vocabulary().token(token));
    }
}
