package dev.embspace.io.onnx;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterNamesTest {

    private static final Path FILE = Path.of("model.onnx");

    @Test
    void modulePathsComeFromNodeNames() {
        assertEquals("encoder.layer.0.attention.self.query", ParameterNames.modulePath("/encoder/layer.0/attention/self/query/MatMul"));
        assertEquals("0.auto_model.encoder.layer.1.output.dense", ParameterNames.modulePath("/0/auto_model/encoder/layer.1/output/dense/MatMul"));
        assertNull(ParameterNames.modulePath("/MatMul"));
        assertNull(ParameterNames.modulePath("MatMul_12"));
        assertNull(ParameterNames.modulePath("/encoder/layer 0/MatMul"));
    }

    @Test
    void gemmWeightsFollowTransBAndUnnamedValuesAreReported() {
        Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        inits.put("123", tensor("123", 3, 2));          // Gemm B with transB=1: already torch's [out, in]
        inits.put("124", tensor("124", 3));             // Gemm C: the bias
        inits.put("onnx::MatMul_9", tensor("onnx::MatMul_9", 2, 2)); // consumed by a node without a module path
        inits.put("pooler.dense.weight", tensor("pooler.dense.weight", 2, 2));
        List<OnnxNode> nodes = List.of(
                new OnnxNode("/classifier/Gemm", "Gemm", List.of("x", "123", "124"), List.of("y"),
                        Map.of("transB", new OnnxAttribute("transB", Optional.empty(), Optional.of(1L),
                                Optional.empty(), Optional.empty(), List.of(), List.of()))),
                new OnnxNode("MatMul_9", "MatMul", List.of("y", "onnx::MatMul_9"), List.of("z"), Map.of()));
        List<String> notes = new ArrayList<>();

        List<RecoveredParameter> recovered = ParameterNames.recover(new OnnxGraph("g", nodes, inits, List.of(), List.of()), notes::add);

        assertEquals(List.of("classifier.weight", "classifier.bias", "pooler.dense.weight"), recovered.stream().map(RecoveredParameter::name).toList());
        assertEquals(List.of(false, false, false), recovered.stream().map(RecoveredParameter::transposed).toList());
        assertEquals(List.of("skipped 1 initializers that are not parameters: onnx::MatMul_9"), notes);
    }

    @Test
    void matMulWeightsAreTransposedToTorchLayout() {
        OnnxTensor w = tensor("onnx::MatMul_1", 2, 3); // [in 2, out 3]: 0 1 2 / 3 4 5
        OnnxGraph g = new OnnxGraph("g", List.of(new OnnxNode("/encoder/layer.0/output/dense/MatMul", "MatMul",
                List.of("h", "onnx::MatMul_1"), List.of("o"), Map.of())), Map.of(w.name(), w), List.of(), List.of());
        RecoveredParameter p = ParameterNames.recover(g, note -> { }).getFirst();
        assertEquals("encoder.layer.0.output.dense.weight", p.name());
        assertTrue(p.transposed());
        assertEquals(List.of(3L, 2L), List.of(p.shape()[0], p.shape()[1]));
        assertEquals(List.of(0f, 3f, 1f, 4f, 2f, 5f), boxed(p.tensor().toFloatArray()));
    }

    private static OnnxTensor tensor(String name, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) values[i] = i;
        return new OnnxTensor(FILE, name, OnnxDataType.FLOAT, dims, MemorySegment.ofArray(ProtoWriter.littleEndian(values)));
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>();
        for (float f : v) out.add(f);
        return out;
    }
}
