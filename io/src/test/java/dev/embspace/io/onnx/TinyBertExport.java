package dev.embspace.io.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a small BERT encoder in the shape torch.onnx.export gives it: named embeddings, biases and
 * LayerNorm parameters; Linear weights as anonymous [in, out] initializers consumed by MatMul nodes
 * named after their module; the head count in the constants of the attention Reshape; LayerNorm
 * either decomposed (epsilon added before a Sqrt) or fused (LayerNormalization with an epsilon
 * attribute). Alongside it keeps every parameter in the Hugging Face layout, for comparison.
 */
final class TinyBertExport {

    int layers = 2;
    int hidden = 8;
    int heads = 2;
    int intermediate = 12;
    int vocab = 11;
    int positions = 6;
    float eps = 1e-12f;
    boolean fusedLayerNorm;
    /** Store the word embeddings in float_data instead of raw_data. */
    boolean wordEmbeddingsAsFloatData;
    /** Store the word embeddings in this external file (beside the model) instead of inline. */
    String wordEmbeddingsExternal;
    /** Give layer 0's query bias an anonymous name, as some exporters do. */
    boolean anonymousBias;

    /** Every parameter in the Hugging Face layout ([out, in] for Linear weights). */
    final Map<String, float[]> expected = new LinkedHashMap<>();
    final Map<String, int[]> expectedShapes = new LinkedHashMap<>();

    private final Random random = new Random(7);
    private final ProtoWriter graph = new ProtoWriter();
    private int anonymous = 700;

    Path write(Path file) throws IOException {
        graph.string(2, "torch_jit");
        ProtoWriter wordEmbeddings = parameter("embeddings.word_embeddings.weight", vocab, hidden);
        if (wordEmbeddingsExternal != null) {
            float[] values = expected.get("embeddings.word_embeddings.weight");
            byte[] padding = new byte[16];
            byte[] data = ProtoWriter.littleEndian(values);
            byte[] side = new byte[padding.length + data.length];
            System.arraycopy(data, 0, side, padding.length, data.length);
            Files.write(file.resolveSibling(wordEmbeddingsExternal), side);
            wordEmbeddings = tensorHeader("embeddings.word_embeddings.weight", 1, vocab, hidden)
                    .message(13, entry("location", wordEmbeddingsExternal))
                    .message(13, entry("offset", "16"))
                    .message(13, entry("length", Integer.toString(data.length)))
                    .varint(14, 1);
        } else if (wordEmbeddingsAsFloatData) {
            wordEmbeddings = tensorHeader("embeddings.word_embeddings.weight", 1, vocab, hidden)
                    .packedFloats(4, expected.get("embeddings.word_embeddings.weight"));
        }
        graph.message(5, wordEmbeddings);
        graph.message(5, parameter("embeddings.position_embeddings.weight", positions, hidden));
        graph.message(5, parameter("embeddings.token_type_embeddings.weight", 2, hidden));
        long[] ids = new long[positions];
        for (int i = 0; i < positions; i++) ids[i] = i;
        graph.message(5, tensorHeader("embeddings.position_ids", 7, 1, positions).bytes(9, ProtoWriter.littleEndian(ids)));
        String x = "/embeddings/LayerNorm/Add_1_output_0";
        layerNorm("embeddings.LayerNorm", "/embeddings/LayerNorm", "/embeddings/Add_1_output_0", x);
        for (int l = 0; l < layers; l++) x = layer(l, x);
        ProtoWriter model = new ProtoWriter()
                .varint(1, 8)
                .string(2, "pytorch")
                .string(3, "2.0.1")
                .message(8, new ProtoWriter().string(1, "").varint(2, 14))
                .message(7, graph); // last, so that every truncation cuts into the graph
        Files.write(file, model.toByteArray());
        return file;
    }

    private String layer(int l, String x) {
        String scope = "/encoder/layer." + l;
        String module = "encoder.layer." + l;
        int headDim = hidden / heads;
        String q = linear(module + ".attention.self.query", scope + "/attention/self/query", x, hidden, hidden, l == 0 && anonymousBias);
        linear(module + ".attention.self.key", scope + "/attention/self/key", x, hidden, hidden, false);
        linear(module + ".attention.self.value", scope + "/attention/self/value", x, hidden, hidden, false);
        String headsConst = constant(scope + "/attention/self/Constant_2", ProtoWriter.littleEndian((long) heads), 7, 1);
        String dimConst = constant(scope + "/attention/self/Constant_3", ProtoWriter.littleEndian((long) headDim), 7, 1);
        node("Concat", scope + "/attention/self/Concat", List.of(scope + "/batch", scope + "/seq", headsConst, dimConst),
                scope + "/attention/self/Concat_output_0", new ProtoWriter().string(1, "axis").varint(3, 0).varint(20, 2));
        node("Reshape", scope + "/attention/self/Reshape_2", List.of(q, scope + "/attention/self/Concat_output_0"),
                scope + "/attention/self/Reshape_2_output_0");
        String attn = linear(module + ".attention.output.dense", scope + "/attention/output/dense", scope + "/attention/self/Reshape_3_output_0", hidden, hidden, false);
        String ln1 = scope + "/attention/output/LayerNorm/Add_1_output_0";
        layerNorm(module + ".attention.output.LayerNorm", scope + "/attention/output/LayerNorm", attn, ln1);
        String ff = linear(module + ".intermediate.dense", scope + "/intermediate/dense", ln1, hidden, intermediate, false);
        node("Erf", scope + "/intermediate/intermediate_act_fn/Erf", List.of(ff), scope + "/intermediate/intermediate_act_fn/Erf_output_0");
        String out = linear(module + ".output.dense", scope + "/output/dense", scope + "/intermediate/intermediate_act_fn/Mul_1_output_0", intermediate, hidden, false);
        String ln2 = scope + "/output/LayerNorm/Add_1_output_0";
        layerNorm(module + ".output.LayerNorm", scope + "/output/LayerNorm", out, ln2);
        return ln2;
    }

    /** MatMul with an anonymous [in, out] weight, then Add with the bias; returns the Add's output. */
    private String linear(String module, String scope, String input, int in, int out, boolean anonymousBias) {
        float[] weight = values(out * in); // torch layout [out, in]
        expected.put(module + ".weight", weight);
        expectedShapes.put(module + ".weight", new int[] {out, in});
        float[] onnxLayout = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) onnxLayout[i * out + o] = weight[o * in + i];
        }
        String weightName = "onnx::MatMul_" + anonymous++;
        graph.message(5, tensorHeader(weightName, 1, in, out).bytes(9, ProtoWriter.littleEndian(onnxLayout)));
        String biasName = anonymousBias ? "onnx::Add_" + anonymous++ : module + ".bias";
        float[] bias = values(out);
        expected.put(module + ".bias", bias);
        expectedShapes.put(module + ".bias", new int[] {out});
        graph.message(5, tensorHeader(biasName, 1, out).bytes(9, ProtoWriter.littleEndian(bias)));
        node("MatMul", scope + "/MatMul", List.of(input, weightName), scope + "/MatMul_output_0");
        node("Add", scope + "/Add", List.of(biasName, scope + "/MatMul_output_0"), scope + "/Add_output_0");
        return scope + "/Add_output_0";
    }

    private void layerNorm(String module, String scope, String input, String output) {
        ProtoWriter w = parameter(module + ".weight", hidden);
        ProtoWriter b = parameter(module + ".bias", hidden);
        graph.message(5, w).message(5, b);
        if (fusedLayerNorm) {
            node("LayerNormalization", scope + "/LayerNormalization", List.of(input, module + ".weight", module + ".bias"), output,
                    new ProtoWriter().string(1, "epsilon").float32(2, eps).varint(20, 1));
            return;
        }
        String epsilon = constant(scope + "/Constant_1", ProtoWriter.littleEndian(eps), 1);
        node("ReduceMean", scope + "/ReduceMean_1", List.of(scope + "/Pow_output_0"), scope + "/ReduceMean_1_output_0");
        node("Add", scope + "/Add", List.of(scope + "/ReduceMean_1_output_0", epsilon), scope + "/Add_output_0");
        node("Sqrt", scope + "/Sqrt", List.of(scope + "/Add_output_0"), scope + "/Sqrt_output_0");
        node("Mul", scope + "/Mul", List.of(scope + "/Div_output_0", module + ".weight"), scope + "/Mul_output_0");
        node("Add", scope + "/Add_1", List.of(scope + "/Mul_output_0", module + ".bias"), output);
    }

    private ProtoWriter parameter(String name, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = values(n);
        expected.put(name, v);
        expectedShapes.put(name, shape);
        return tensorHeader(name, 1, shape).bytes(9, ProtoWriter.littleEndian(v));
    }

    private static ProtoWriter tensorHeader(String name, int dataType, int... dims) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) t.varint(1, d);
        return t.varint(2, dataType).string(8, name);
    }

    private String constant(String nodeName, byte[] raw, int dataType, int... dims) {
        String out = nodeName + "_output_0";
        ProtoWriter value = tensorHeader("", dataType, dims).bytes(9, raw);
        node("Constant", nodeName, List.of(), out, new ProtoWriter().string(1, "value").message(5, value).varint(20, 4));
        return out;
    }

    private void node(String op, String name, List<String> inputs, String output, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String i : inputs) n.string(1, i);
        n.string(2, output).string(3, name).string(4, op);
        for (ProtoWriter a : attributes) n.message(5, a);
        graph.message(1, n);
    }

    private static ProtoWriter entry(String key, String value) {
        return new ProtoWriter().string(1, key).string(2, value);
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }

    List<String> parameterNames() {
        return new ArrayList<>(expected.keySet());
    }
}
