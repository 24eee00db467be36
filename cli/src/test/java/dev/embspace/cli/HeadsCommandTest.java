package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.RawTensor;
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

/** {@code heads} on a grouped-query Llama checkpoint, against the circuits built from the raw weights. */
class HeadsCommandTest {

    @TempDir
    Path tmp;

    private record Pair(int from, int to, double score) {
    }

    @Test
    void ovAndQkPairsMatchTheCircuitsOfTheRawWeightsUnderGroupedQueries() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        TestCheckpoint.Sizes s = llama.sizes();
        RawTensor e = llama.raw("lm_head.weight");
        for (int head : new int[] {0, 3}) {
            int kvHead = head / (s.heads() / s.kvHeads());
            for (String circuit : new String[] {"ov", "qk"}) {
                for (boolean excludeSame : new boolean[] {false, true}) {
                    List<Pair> expected = circuit.equals("ov")
                            // torch Linear is [out, in]: v_proj row c reads the residual; o_proj column c writes to it
                            ? dense(e, s, rows(llama.raw("model.layers.1.self_attn.v_proj.weight"), kvHead, s.headDim()),
                                    columns(llama.raw("model.layers.1.self_attn.o_proj.weight"), head, s.headDim()), excludeSame)
                            : dense(e, s, rows(llama.raw("model.layers.1.self_attn.q_proj.weight"), head, s.headDim()),
                                    rows(llama.raw("model.layers.1.self_attn.k_proj.weight"), kvHead, s.headDim()), excludeSame);
                    List<String> args = new ArrayList<>(List.of("heads", "-m", llama.dir().toString(), "--layer", "1",
                            "--head", String.valueOf(head), "--circuit", circuit, "-k", "20", "--format", "json", "--quiet"));
                    if (excludeSame) args.addAll(List.of("--exclude-same", "id"));
                    Cli.Result r = Cli.run(args.toArray(String[]::new));
                    assertEquals(0, r.code(), r::toString);
                    JsonNode root = Json.MAPPER.readTree(r.out());
                    assertEquals(circuit, root.get("circuit").asText());
                    JsonNode pairs = root.get("pairs");
                    assertEquals(20, pairs.size());
                    for (int i = 0; i < 20; i++) {
                        String what = circuit + " head " + head + " rank " + i;
                        JsonNode p = pairs.get(i);
                        assertEquals(expected.get(i).from(), p.get("from").get("id").asInt(), what);
                        assertEquals(expected.get(i).to(), p.get("to").get("id").asInt(), what);
                        assertEquals(llama.tokens().get(expected.get(i).from()), p.get("from").get("token").asText(), what);
                        assertEquals(expected.get(i).score(), p.get("score").asDouble(), 1e-3 * Math.abs(expected.get(i).score()), what);
                        if (excludeSame) assertTrue(expected.get(i).from() != expected.get(i).to());
                    }
                }
            }
        }
    }

    @Test
    void sweepWritesOneJsonLinePerHeadAndCircuit() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        Cli.Result r = Cli.run("heads", "-m", llama.dir().toString(), "--circuit", "both", "-k", "3",
                "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        TestCheckpoint.Sizes s = llama.sizes();
        assertEquals(s.layers() * s.heads() * 2, lines.length);
        JsonNode last = Json.MAPPER.readTree(lines[lines.length - 1]);
        assertEquals(s.layers() - 1, last.get("layer").asInt());
        assertEquals(s.heads() - 1, last.get("head").asInt());
        assertEquals("qk", last.get("circuit").asText());
        assertEquals(3, last.get("pairs").size());
    }

    @Test
    void textOutputNamesTheSidesOfTheCircuit() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        Cli.Result r = Cli.run("heads", "-m", llama.dir().toString(), "--layer", "0", "--head", "2", "-k", "4", "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("L0 head 2 ov (attended -> promoted), top 4"), r::toString);
        assertEquals(5, r.out().strip().split("\n").length, r::toString);
    }

    @Test
    void outOfRangeHeadAndUnknownCircuitAreUsageErrors() throws Exception {
        TestCheckpoint llama = TestModels.llama(tmp.resolve("llama"));
        Cli.Result head = Cli.run("heads", "-m", llama.dir().toString(), "--layer", "0", "--head", "4");
        assertEquals(2, head.code(), head::toString);
        assertTrue(head.err().startsWith("embspace: ") && head.err().contains("--head 4"), head::toString);
        Cli.Result circuit = Cli.run("heads", "-m", llama.dir().toString(), "--circuit", "vo");
        assertEquals(2, circuit.code(), circuit::toString);
        assertTrue(circuit.err().contains("'vo' is not a circuit"), circuit::toString);
    }

    /** Rows [g dh, (g + 1) dh) of a [out, in] matrix: one d-vector each. */
    private static double[][] rows(RawTensor m, int group, int dh) {
        double[][] out = new double[dh][];
        for (int c = 0; c < dh; c++) out[c] = toDouble(m.row(group * dh + c));
        return out;
    }

    /** Columns [h dh, (h + 1) dh) of a [out, in] matrix (W_O: what each head dimension writes). */
    private static double[][] columns(RawTensor m, int head, int dh) {
        double[][] out = new double[dh][];
        for (int c = 0; c < dh; c++) out[c] = toDouble(m.column(head * dh + c));
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** Every entry (E from^T)(E to^T)^T in double, sorted: the matrix the command must never build. */
    private static List<Pair> dense(RawTensor e, TestCheckpoint.Sizes s, double[][] from, double[][] to, boolean excludeSame) {
        double[][] a = new double[s.vocab()][from.length];
        double[][] b = new double[s.vocab()][to.length];
        for (int t = 0; t < s.vocab(); t++) {
            float[] et = e.row(t);
            for (int c = 0; c < from.length; c++) {
                for (int x = 0; x < s.d(); x++) {
                    a[t][c] += et[x] * from[c][x];
                    b[t][c] += et[x] * to[c][x];
                }
            }
        }
        List<Pair> all = new ArrayList<>();
        for (int i = 0; i < s.vocab(); i++) {
            for (int j = 0; j < s.vocab(); j++) {
                if (excludeSame && i == j) continue;
                double score = 0;
                for (int c = 0; c < from.length; c++) score += a[i][c] * b[j][c];
                all.add(new Pair(i, j, score));
            }
        }
        all.sort(Comparator.comparingDouble((Pair p) -> -p.score()));
        return all;
    }
}
