package dev.embspace.io.onnx;

import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The imported models seen through the product's transformer view (config.json and the BERT adapter):
 * projections of FF keys and values and attention query and output vectors, through the engine's
 * Projector, against a brute force over the tensors read straight from the ONNX initializers (ONNX
 * layout, double precision).
 */
class RealModelProjectionTest {

    private static final int K = 10;

    @ParameterizedTest
    @ValueSource(strings = {RealModels.MINILM, RealModels.E5, RealModels.BGE})
    void vectorsProjectAsTheOnnxTensorsDo(String alias) throws IOException {
        Path dir = RealModels.model(alias);
        try (TensorStore store = Safetensors.open(dir); OnnxModel onnx = OnnxModel.open(RealModels.onnx(alias))) {
            Transformer model = Architectures.load(dir.resolve("config.json"), store, alias);
            ModelSpec spec = model.spec();
            assertEquals(List.of(30522, 384, 12, 32, 1536), List.of(spec.vocabSize(), spec.dModel(), spec.heads(), spec.headDim(), spec.dFf()));
            assertEquals(alias.equals(RealModels.MINILM) ? 6 : 12, model.layers());

            Matrix e = model.embedding(EmbeddingSide.OUTPUT);
            Tensor onnxE = onnx.graph().initializer("embeddings.word_embeddings.weight").orElseThrow().toTensor();
            for (int layer : new int[] {0, model.layers() - 1}) {
                String scope = "/encoder/layer." + layer;
                // ONNX keeps [in, out]: a key-side vector (a row of torch's [out, in]) is an ONNX column,
                // a value-side vector (a column of torch's [out, in]) is an ONNX row.
                Matrix ffKeys = matMulWeight(onnx, scope + "/intermediate/dense/MatMul").transpose();
                Matrix ffValues = matMulWeight(onnx, scope + "/output/dense/MatMul");
                Matrix queries = matMulWeight(onnx, scope + "/attention/self/query/MatMul").transpose();
                Matrix outputs = matMulWeight(onnx, scope + "/attention/output/dense/MatMul");
                for (int i : new int[] {0, 100, 383}) {
                    check(model, e, onnxE, "L" + layer + ".ff.key." + (i * 4 + 3), ffKeys.row(i * 4 + 3), alias);
                    check(model, e, onnxE, "L" + layer + ".ff.value." + (i * 4 + 3), ffValues.row(i * 4 + 3), alias);
                    check(model, e, onnxE, "L" + layer + ".attn.q." + i, queries.row(i), alias);
                    check(model, e, onnxE, "L" + layer + ".attn.o." + i, outputs.row(i), alias);
                }
            }
        }
    }

    private static void check(Transformer model, Matrix e, Tensor onnxE, String vector, float[] fromOnnx, String alias) {
        Matrix x = model.vector(VectorRef.parse(vector), EmbeddingSide.OUTPUT);
        assertTopTokens(Projector.project(e, x, K, true, t -> true).getFirst(), bruteForce(onnxE, fromOnnx), alias + " " + vector);
    }

    private static Matrix matMulWeight(OnnxModel onnx, String nodeName) {
        OnnxNode node = onnx.graph().nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst().orElseThrow();
        return onnx.graph().initializer(node.input(1)).orElseThrow().toTensor().matrix();
    }

    /** Scores of every token, E x in double precision. */
    private static double[] bruteForce(Tensor e, float[] x) {
        Matrix m = e.matrix();
        double[] scores = new double[m.rows()];
        for (int t = 0; t < m.rows(); t++) {
            float[] row = m.row(t);
            double s = 0;
            for (int j = 0; j < row.length; j++) s += (double) row[j] * x[j];
            scores[t] = s;
        }
        return scores;
    }

    private static void assertTopTokens(Projection actual, double[] scores, String vector) {
        List<Integer> byScore = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> -scores[t]).thenComparingInt(t -> t)).toList();
        List<Integer> top = byScore.subList(0, K);
        List<Integer> bottom = byScore.reversed().subList(0, K);
        assertEquals(top, actual.top().stream().map(TokenScore::id).toList(), vector + " top");
        assertEquals(bottom, actual.bottom().stream().map(TokenScore::id).toList(), vector + " bottom");
        for (TokenScore s : actual.top()) assertEquals(scores[s.id()], s.score(), 1e-4 * (1 + Math.abs(scores[s.id()])), vector);
    }
}
