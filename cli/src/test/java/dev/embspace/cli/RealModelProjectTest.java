package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.onnx.OnnxModel;
import dev.embspace.io.onnx.OnnxNode;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code project} on the three real models behind the aliases, checked against the weights read
 * straight from their ONNX exports: ONNX stores MatMul weights [in, out], so FF unit i's key is
 * column i of the intermediate MatMul and its value row i of the output MatMul.
 */
class RealModelProjectTest {

    private static final int K = 10;

    @ParameterizedTest
    @ValueSource(strings = {RealModels.MINILM, RealModels.E5, RealModels.BGE})
    void projectionsMatchTheOnnxInitializers(String alias) throws Exception {
        Path dir = RealModels.model(alias);
        try (OnnxModel onnx = OnnxModel.open(RealModels.onnx(alias))) {
            float[] embedding = onnx.graph().initializer("embeddings.word_embeddings.weight").orElseThrow().floats();
            int d = 384;
            float[] ffOut = matMulWeight(onnx, "/encoder/layer.4/output/dense/MatMul");       // [1536, 384]
            float[] ffIn = matMulWeight(onnx, "/encoder/layer.2/intermediate/dense/MatMul");  // [384, 1536]
            float[] attnOut = matMulWeight(onnx, "/encoder/layer.5/attention/output/dense/MatMul"); // [384, 384]

            float[] value = slice(ffOut, 100 * d, d);
            float[] key = new float[d];
            for (int j = 0; j < d; j++) key[j] = ffIn[j * 1536 + 907];
            float[] o = slice(attnOut, 37 * d, d);
            float[] emb = slice(embedding, 2000 * d, d);

            JsonNode root = Json.MAPPER.readTree(run(dir, "L4.ff.value.100", "L2.ff.key.907", "L5.attn.o.37", "emb.2000"));
            JsonNode results = root.get("results");
            assertProjection(results.get(0), BruteForce.scores(embedding, d, value));
            assertProjection(results.get(1), BruteForce.scores(embedding, d, key));
            assertProjection(results.get(2), BruteForce.scores(embedding, d, o));
            assertProjection(results.get(3), BruteForce.scores(embedding, d, emb));
            assertEquals("to", results.get(3).get("top").get(0).get("token").asText(), "token 2000 of bert-base-uncased");
        }
    }

    private static String run(Path dir, String... vectors) {
        String[] args = new String[vectors.length + 8];
        System.arraycopy(new String[]{"project", "-m", dir.toString(), "-k", String.valueOf(K), "--bottom", "--format", "json"}, 0, args, 0, 8);
        System.arraycopy(vectors, 0, args, 8, vectors.length);
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        return r.out();
    }

    private static void assertProjection(JsonNode result, double[] scores) {
        assertRanked(result.get("top"), BruteForce.top(scores, K, false), result.get("vector").asText());
        assertRanked(result.get("bottom"), BruteForce.top(scores, K, true), result.get("vector").asText());
    }

    private static void assertRanked(JsonNode tokens, java.util.List<BruteForce.Ranked> expected, String vector) {
        assertEquals(K, tokens.size());
        for (int i = 0; i < K; i++) {
            assertEquals(expected.get(i).id(), tokens.get(i).get("id").asInt(), vector + " rank " + i);
            assertEquals(expected.get(i).score(), tokens.get(i).get("score").asDouble(), 1e-4, vector + " rank " + i);
        }
    }

    private static float[] matMulWeight(OnnxModel onnx, String nodeName) {
        OnnxNode node = onnx.graph().nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + nodeName));
        return onnx.graph().initializer(node.input(1)).orElseThrow().floats();
    }

    private static float[] slice(float[] a, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(a, from, out, 0, length);
        return out;
    }
}
