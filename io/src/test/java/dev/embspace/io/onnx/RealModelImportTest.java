package dev.embspace.io.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three models behind the aliases, imported from their Maven Central jars: the config matches
 * the published one, and every tensor written equals the ONNX initializer it came from, found here
 * independently of the importer (by name, or through the MatMul node named after its module).
 */
class RealModelImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "minilm-l6, 6, 101",
            "e5-small-v2, 12, 197",
            "bge-small-en-v1.5, 12, 197"})
    void importsConfigAndEveryTensorExactly(String alias, int layers, int tensors) throws IOException {
        Path dir = RealModels.model(alias);
        System.out.printf("%s imported in %s%n", alias, RealModels.importTime(alias));

        JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
        assertEquals("bert", config.get("model_type").asText());
        assertEquals(30522, config.get("vocab_size").asInt());
        assertEquals(384, config.get("hidden_size").asInt());
        assertEquals(layers, config.get("num_hidden_layers").asInt());
        assertEquals(12, config.get("num_attention_heads").asInt());
        assertEquals(1536, config.get("intermediate_size").asInt());
        assertEquals(512, config.get("max_position_embeddings").asInt());
        assertEquals(2, config.get("type_vocab_size").asInt());
        assertEquals(1e-12, config.get("layer_norm_eps").asDouble(), 0.0);
        assertEquals("gelu", config.get("hidden_act").asText());
        assertTrue(Files.readString(dir.resolve("tokenizer.json")).contains("\"[CLS]\""), "bert-base-uncased tokenizer");

        try (TensorStore store = Safetensors.open(dir); OnnxModel onnx = OnnxModel.open(RealModels.onnx(alias))) {
            assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"),
                    onnx.graph().inputs().stream().map(OnnxValueInfo::name).toList());
            OnnxValueInfo output = onnx.graph().outputs().getFirst();
            assertEquals("last_hidden_state", output.name());
            assertEquals(List.of("batch_size", "sequence_length", "384"), output.shape());
            assertEquals(OnnxDataType.FLOAT, output.elementType().orElseThrow());
            assertEquals(tensors, store.names().size());
            Set<String> checked = new HashSet<>();
            for (OnnxTensor init : onnx.graph().initializers().values()) {
                if (init.dataType() != OnnxDataType.FLOAT || init.name().contains("::")) continue;
                assertSameValues(init.toTensor(), store.tensor(init.name()), init.name());
                checked.add(init.name());
            }
            for (OnnxNode node : onnx.graph().nodes()) {
                if (!node.opType().equals("MatMul") || onnx.graph().initializer(node.input(1)).isEmpty()) continue;
                String module = node.name().substring(1, node.name().lastIndexOf('/')).replace('/', '.');
                String name = module + ".weight";
                assertTransposed(onnx.graph().initializer(node.input(1)).orElseThrow().toTensor(), store.tensor(name), name);
                checked.add(name);
            }
            assertEquals(store.names(), checked, "every tensor written comes from an initializer checked here");
            String linear = "encoder\\.layer\\.\\d+\\.(attention\\.self\\.(query|key|value)|attention\\.output\\.dense|intermediate\\.dense|output\\.dense)\\.weight";
            assertEquals(6 * layers, store.names().stream().filter(n -> n.matches(linear)).count(),
                    "q, k, v, attention output, intermediate and output weights in every layer");
        }
    }

    private static void assertSameValues(Tensor expected, Tensor actual, String name) {
        assertEquals(DType.F32, actual.dtype(), name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), name);
    }

    /** ONNX's [in, out] against torch's [out, in]. */
    private static void assertTransposed(Tensor onnx, Tensor torch, String name) {
        int in = onnx.dim(0);
        int out = onnx.dim(1);
        assertArrayEquals(new int[] {out, in}, torch.shape(), name);
        float[] a = onnx.toFloatArray();
        float[] b = torch.toFloatArray();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                if (Float.floatToRawIntBits(a[i * out + o]) != Float.floatToRawIntBits(b[o * in + i])) {
                    throw new AssertionError(name + "[" + o + ", " + i + "]: " + b[o * in + i] + " but ONNX has " + a[i * out + o]);
                }
            }
        }
    }
}
