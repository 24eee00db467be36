package dev.embspace.io.onnx;

import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Projections of real FF vectors read from the imported checkpoint (Hugging Face layout, through the
 * engine's Projector) against a brute force over the tensors read straight from the ONNX initializers
 * (ONNX layout, in double precision).
 */
class RealModelProjectionTest {

    private static final int K = 10;

    @ParameterizedTest
    @ValueSource(strings = {RealModels.MINILM, RealModels.E5, RealModels.BGE})
    void ffKeysAndValuesProjectAsTheOnnxTensorsDo(String alias) throws IOException {
        try (TensorStore store = Safetensors.open(RealModels.model(alias));
             OnnxModel onnx = OnnxModel.open(RealModels.onnx(alias))) {
            Matrix e = store.tensor("embeddings.word_embeddings.weight").matrix();
            Tensor onnxE = onnx.graph().initializer("embeddings.word_embeddings.weight").orElseThrow().toTensor();
            int last = (int) store.names().stream().filter(n -> n.matches("encoder\\.layer\\.\\d+\\.output\\.dense\\.weight")).count() - 1;
            for (int layer : new int[] {0, last}) {
                // ff.value i: column i of output.dense.weight [d, d_ff]; in ONNX, row i of the MatMul's [d_ff, d].
                Matrix values = store.tensor("encoder.layer." + layer + ".output.dense.weight").matrix().transpose();
                Tensor onnxValues = matMulWeight(onnx, "/encoder/layer." + layer + "/output/dense/MatMul");
                // ff.key i: row i of intermediate.dense.weight [d_ff, d]; in ONNX, column i of [d, d_ff].
                Matrix keys = store.tensor("encoder.layer." + layer + ".intermediate.dense.weight").matrix();
                Tensor onnxKeys = matMulWeight(onnx, "/encoder/layer." + layer + "/intermediate/dense/MatMul");
                for (int i : new int[] {0, 100, 1535}) {
                    assertTopTokens(Projector.project(e, values.rowRange(i, i + 1), K, true, t -> true).getFirst(),
                            bruteForce(onnxE, onnxValues.matrix().row(i)), alias + " L" + layer + ".ff.value." + i);
                    assertTopTokens(Projector.project(e, keys.rowRange(i, i + 1), K, true, t -> true).getFirst(),
                            bruteForce(onnxE, onnxKeys.matrix().transpose().row(i)), alias + " L" + layer + ".ff.key." + i);
                }
            }
        }
    }

    private static Tensor matMulWeight(OnnxModel onnx, String nodeName) {
        OnnxNode node = onnx.graph().nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst().orElseThrow();
        return onnx.graph().initializer(node.input(1)).orElseThrow().toTensor();
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
