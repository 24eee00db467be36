package dev.embspace.io.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxImporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void recoversHuggingFaceNamesLayoutsAndConfig() throws IOException {
        TinyBertExport export = new TinyBertExport();
        export.layers = 3;
        export.hidden = 12;
        export.heads = 3;
        export.intermediate = 20;
        export.eps = 1e-12f;
        Path onnx = export.write(dir.resolve("tiny.onnx"));
        Files.writeString(dir.resolve("tiny-tokenizer.json"), "{\"model\": {}}");
        List<String> progress = new ArrayList<>();

        Path out = OnnxImporter.importModel(onnx, null, dir.resolve("out"), progress::add);

        assertImportedExactly(export, out);
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals("bert", config.get("model_type").asText());
        assertEquals(11, config.get("vocab_size").asInt());
        assertEquals(12, config.get("hidden_size").asInt());
        assertEquals(3, config.get("num_hidden_layers").asInt());
        assertEquals(3, config.get("num_attention_heads").asInt());
        assertEquals(20, config.get("intermediate_size").asInt());
        assertEquals(6, config.get("max_position_embeddings").asInt());
        assertEquals(2, config.get("type_vocab_size").asInt());
        assertEquals(1e-12, config.get("layer_norm_eps").asDouble(), 0.0);
        assertEquals("gelu", config.get("hidden_act").asText());
        assertEquals("{\"model\": {}}", Files.readString(out.resolve("tokenizer.json")));
        assertTrue(progress.stream().anyMatch(l -> l.contains("skipped 1 initializers") && l.contains("embeddings.position_ids (INT64)")), progress.toString());
    }

    @Test
    void fusedLayerNormGivesItsEpsilonAttribute() throws IOException {
        TinyBertExport export = new TinyBertExport();
        export.fusedLayerNorm = true;
        export.eps = 1e-5f;
        Path onnx = export.write(dir.resolve("fused.onnx"));
        Path tokenizer = Files.writeString(dir.resolve("vocab-tokenizer.json"), "{}");
        Path out = OnnxImporter.importModel(onnx, tokenizer, dir.resolve("out"));
        assertImportedExactly(export, out);
        assertEquals(1e-5, JSON.readTree(out.resolve("config.json").toFile()).get("layer_norm_eps").asDouble(), 0.0);
    }

    @Test
    void anonymousBiasesAreNamedFromTheirAddNode() throws IOException {
        TinyBertExport export = new TinyBertExport();
        export.anonymousBias = true;
        Path onnx = export.write(dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        assertImportedExactly(export, OnnxImporter.importModel(onnx, null, dir.resolve("out")));
    }

    @Test
    void externalDataIsImported() throws IOException {
        Path modelDir = Files.createDirectories(dir.resolve("repo").resolve("onnx"));
        TinyBertExport export = new TinyBertExport();
        export.wordEmbeddingsExternal = "model.onnx_data";
        Path onnx = export.write(modelDir.resolve("model.onnx"));
        // A Hugging Face repository keeps tokenizer.json one level above onnx/model.onnx.
        Files.writeString(dir.resolve("repo").resolve("tokenizer.json"), "{}");
        assertImportedExactly(export, OnnxImporter.importModel(onnx, null, dir.resolve("out")));
    }

    @Test
    void importingIntoAnExistingDirectoryReplacesItsFiles() throws IOException {
        TinyBertExport export = new TinyBertExport();
        Path onnx = export.write(dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("config.json"), "stale");
        OnnxImporter.importModel(onnx, null, out);
        assertImportedExactly(export, out);
        assertNoStagingLeft();
    }

    @Test
    void aFailedImportLeavesNothingBehind() throws IOException {
        TinyBertExport export = new TinyBertExport();
        Path onnx = export.write(dir.resolve("model.onnx"));
        byte[] bytes = Files.readAllBytes(onnx);
        Path truncated = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        BadInputException e = assertThrows(BadInputException.class,
                () -> OnnxImporter.importModel(truncated, null, dir.resolve("out")));
        assertTrue(e.getMessage().startsWith(truncated + ": corrupt ONNX: "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        assertNoStagingLeft();
    }

    @Test
    void missingTokenizerAndNonBertGraphsAreBadInput() throws IOException {
        Path onnx = new TinyBertExport().write(dir.resolve("model.onnx"));
        BadInputException noTokenizer = assertThrows(BadInputException.class,
                () -> OnnxImporter.importModel(onnx, null, dir.resolve("out")));
        assertTrue(noTokenizer.getMessage().startsWith(onnx + ": no tokenizer found beside the model"), noTokenizer.getMessage());

        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");
        ProtoWriter graph = new ProtoWriter().message(5, new ProtoWriter().varint(1, 2).varint(2, 1).string(8, "fc.weight")
                .bytes(9, ProtoWriter.littleEndian(1f, 2f)));
        Path other = Files.write(dir.resolve("other.onnx"), new ProtoWriter().message(7, graph).toByteArray());
        BadInputException notBert = assertThrows(BadInputException.class,
                () -> OnnxImporter.importModel(other, tokenizer, dir.resolve("out")));
        assertEquals(other + ": not a BERT-family encoder export: no initializer named 'embeddings.word_embeddings.weight' among 1 parameters",
                notBert.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void quantizedAndOptimisedGraphsAreNamedAsSuch() throws IOException {
        Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");
        ProtoWriter quantized = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "x").string(1, "w_quantized").string(2, "y").string(3, "/encoder/layer.0/attention/self/query/MatMul_quant").string(4, "MatMulInteger"))
                .message(1, new ProtoWriter().string(1, "y").string(2, "z").string(3, "/DynamicQuantizeLinear").string(4, "DynamicQuantizeLinear"));
        Path q = Files.write(dir.resolve("model_quantized.onnx"), new ProtoWriter().message(7, quantized).toByteArray());
        assertEquals(q + ": a quantized export (DynamicQuantizeLinear, MatMulInteger nodes) cannot be imported; use the plain float32 export (model.onnx)",
                assertThrows(BadInputException.class, () -> OnnxImporter.importModel(q, tokenizer, dir.resolve("out"))).getMessage());

        ProtoWriter fused = new ProtoWriter().message(1, new ProtoWriter().string(1, "x").string(2, "y").string(3, "Attention_0").string(4, "Attention").string(7, "com.microsoft"));
        Path o = Files.write(dir.resolve("model_optimized.onnx"), new ProtoWriter().message(7, fused).toByteArray());
        assertTrue(assertThrows(BadInputException.class, () -> OnnxImporter.importModel(o, tokenizer, dir.resolve("out"))).getMessage()
                .startsWith(o + ": an ONNX Runtime-optimised graph (Attention nodes) cannot be imported"));
    }

    /** Every parameter of the export, and nothing else, under its Hugging Face name and layout, as F32. */
    private static void assertImportedExactly(TinyBertExport export, Path out) {
        try (TensorStore store = Safetensors.open(out)) {
            assertEquals(Set.copyOf(export.parameterNames()), store.names());
            for (String name : export.parameterNames()) {
                Tensor t = store.tensor(name);
                assertEquals(DType.F32, t.dtype(), name);
                assertArrayEquals(export.expectedShapes.get(name), t.shape(), name);
                assertArrayEquals(export.expected.get(name), t.toFloatArray(), name);
            }
        }
    }

    private void assertNoStagingLeft() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".importing")).toList());
        }
    }
}
