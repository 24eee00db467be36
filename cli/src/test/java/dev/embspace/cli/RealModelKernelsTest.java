package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.ReferenceProjection;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.TokenFilter;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code neurons} and {@code heads} on the real all-MiniLM-L6-v2 agree exactly (same ids, same
 * float scores) with brute force over every token and every token pair. Exact agreement is
 * possible because every kernel computes each dot product as one FMA chain in index order, which
 * the references reproduce ({@link MicroKernel#dot}).
 */
class RealModelKernelsTest {

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
    void neuronsAgreesExactlyWithBruteForceOnEveryTokenOfMiniLm() throws Exception {
        Cli.Result r = Cli.run("neurons", "-m", dir.toString(), "--kind", "ff.value", "--layer", "3", "-k", "10",
                "--bottom", "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        Transformer t = model.transformer();
        Matrix values = t.vectors(3, VectorKind.FF_VALUE, EmbeddingSide.OUTPUT);
        assertEquals(values.rows(), lines.length);
        Matrix e = t.embedding(EmbeddingSide.OUTPUT);
        for (int unit = 0; unit < values.rows(); unit += 61) {
            JsonNode line = Json.MAPPER.readTree(lines[unit]);
            assertEquals("L3.ff.value." + unit, line.get("vector").asText());
            Projection expected = ReferenceProjection.project(e, values.row(unit), 10, true, null);
            assertSame(expected.top(), line.get("top"), "L3.ff.value." + unit + " top");
            assertSame(expected.bottom(), line.get("bottom"), "L3.ff.value." + unit + " bottom");
        }
    }

    @Test
    void gemmMatchesTheScalarReferenceOnMiniLmWeights() {
        Transformer t = model.transformer();
        Matrix e = t.embedding(EmbeddingSide.OUTPUT).rowRange(1000, 1700);
        Matrix keys = t.vectors(2, VectorKind.FF_KEY, EmbeddingSide.OUTPUT); // a view over the mapped checkpoint
        int m = e.rows(), n = keys.rows(), d = e.cols();
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        Gemm.scalar().multiplyTransposed(e, keys, expected);
        Gemm.get().multiplyTransposed(e, keys, actual);
        // both lie within gamma_d * sum |a_p b_p| of the exact product
        double gamma = d * Math.ulp(1.0f) / 2 / (1 - d * Math.ulp(1.0f) / 2);
        float[][] keyRows = new float[n][];
        for (int j = 0; j < n; j++) keyRows[j] = keys.row(j);
        for (int i = 0; i < m; i++) {
            float[] row = e.row(i);
            for (int j = 0; j < n; j++) {
                double magnitude = 0;
                for (int p = 0; p < d; p++) magnitude += Math.abs((double) row[p] * keyRows[j][p]);
                assertEquals(expected[i * n + j], actual[i * n + j], 2 * gamma * magnitude + Float.MIN_NORMAL,
                        "E[" + (1000 + i) + "] . L2.ff.key." + j);
            }
        }
    }

    @Test
    void headsAgreesExactlyWithTheDenseCircuitOnMiniLm() throws Exception {
        checkHead(2, 5, "ov", false, TokenFilter.NONE);
        checkHead(4, 9, "qk", true, TokenFilter.ALNUM);
    }

    private static void checkHead(int layer, int head, String circuit, boolean excludeSame, TokenFilter filter) throws Exception {
        List<String> args = new ArrayList<>(List.of("heads", "-m", dir.toString(), "--layer", String.valueOf(layer),
                "--head", String.valueOf(head), "--circuit", circuit, "-k", "30", "--filter", filter.name().toLowerCase(),
                "--format", "json", "--quiet"));
        if (excludeSame) args.addAll(List.of("--exclude-same", "id"));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        JsonNode pairs = Json.MAPPER.readTree(r.out()).get("pairs");

        Attention attention = model.transformer().block(layer).attention();
        Matrix from = circuit.equals("ov") ? attention.headV(head) : attention.headQ(head);
        Matrix to = circuit.equals("ov") ? attention.headO(head) : attention.headK(head);
        IntPredicate allowed = filter.predicate(model.vocabulary());
        List<long[]> expected = denseTop(model.transformer().embedding(EmbeddingSide.OUTPUT), from, to, 30, excludeSame, allowed);
        assertEquals(expected.size(), pairs.size());
        for (int i = 0; i < expected.size(); i++) {
            String what = "L" + layer + " head " + head + " " + circuit + " rank " + i;
            JsonNode p = pairs.get(i);
            assertEquals(expected.get(i)[0], p.get("from").get("id").asLong(), what);
            assertEquals(expected.get(i)[1], p.get("to").get("id").asLong(), what);
            assertEquals(Float.intBitsToFloat((int) expected.get(i)[2]), p.get("score").floatValue(), what);
        }
    }

    private static void assertSame(List<TokenScore> expected, JsonNode actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).id(), actual.get(i).get("id").asInt(), what + " rank " + i);
            assertEquals(expected.get(i).score(), actual.get(i).get("score").floatValue(), what + " rank " + i);
        }
    }

    /**
     * Every entry of (E from^T)(E to^T)^T, one block of rows at a time (the factors entry by entry
     * with the reference dot product, each block of scores with the tested GEMM), and a plain
     * bounded heap: {from, to, score bits}, best first, ties to the lower from, then the lower to.
     */
    private static List<long[]> denseTop(Matrix e, Matrix from, Matrix to, int k, boolean excludeSame, IntPredicate allowed) {
        int v = e.rows();
        Matrix a = factor(e, from);
        Matrix b = factor(e, to);
        Comparator<long[]> worstFirst = Comparator.comparingDouble((long[] p) -> Float.intBitsToFloat((int) p[2]))
                .thenComparing(Comparator.comparingLong((long[] p) -> p[0]).reversed())
                .thenComparing(Comparator.comparingLong((long[] p) -> p[1]).reversed());
        PriorityQueue<long[]> best = new PriorityQueue<>(worstFirst);
        boolean[] ok = new boolean[v];
        for (int t = 0; t < v; t++) ok[t] = allowed.test(t);
        float worst = Float.NEGATIVE_INFINITY;
        int block = 512;
        float[] scores = new float[block * v];
        for (int i0 = 0; i0 < v; i0 += block) {
            int rows = Math.min(block, v - i0);
            Gemm.get().multiplyTransposed(a.rowRange(i0, i0 + rows), b, scores);
            for (int i = 0; i < rows; i++) {
                if (!ok[i0 + i]) continue;
                for (int j = 0, at = i * v; j < v; j++, at++) {
                    float s = scores[at];
                    // below the k-th best: cannot enter (equal scores still can, on a lower id)
                    if (s < worst || !ok[j] || (excludeSame && i0 + i == j)) continue;
                    best.add(new long[] {i0 + i, j, Float.floatToIntBits(s)});
                    if (best.size() > k) best.poll();
                    if (best.size() == k) worst = Float.intBitsToFloat((int) best.peek()[2]);
                }
            }
        }
        List<long[]> out = new ArrayList<>(best);
        out.sort(worstFirst.reversed());
        return out;
    }

    private static Matrix factor(Matrix e, Matrix side) {
        int v = e.rows(), r = side.rows(), d = e.cols();
        float[][] sideRows = new float[r][];
        for (int c = 0; c < r; c++) sideRows[c] = side.row(c);
        float[] out = new float[v * r];
        float[] row = new float[d];
        for (int t = 0; t < v; t++) {
            e.row(t, row);
            for (int c = 0; c < r; c++) out[t * r + c] = MicroKernel.dot(row, 0, sideRows[c], 0, d);
        }
        return Matrix.wrap(out, v, r);
    }
}
