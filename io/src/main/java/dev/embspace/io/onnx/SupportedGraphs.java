package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Recognises the ONNX variants the importer cannot read, to say so plainly instead of failing later
 * on a missing parameter: quantized exports keep their weights as integers with scales, and graphs
 * optimised by ONNX Runtime fuse q, k and v (and the embeddings) into contrib ops with packed weights.
 */
final class SupportedGraphs {

    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("MatMulInteger", "a quantized export"),
            Map.entry("DynamicQuantizeLinear", "a quantized export"),
            Map.entry("DequantizeLinear", "a quantized export"),
            Map.entry("QLinearMatMul", "a quantized export"),
            Map.entry("DynamicQuantizeMatMul", "a quantized export"),
            Map.entry("MatMulNBits", "a quantized export"),
            Map.entry("QAttention", "a quantized export"),
            Map.entry("Attention", "an ONNX Runtime-optimised graph"),
            Map.entry("MultiHeadAttention", "an ONNX Runtime-optimised graph"),
            Map.entry("EmbedLayerNormalization", "an ONNX Runtime-optimised graph"));

    private SupportedGraphs() {
    }

    /** Throws a one-line {@link BadInputException} if {@code graph} is a variant the importer cannot read. */
    static void check(Path file, OnnxGraph graph) {
        TreeSet<String> found = new TreeSet<>();
        String kind = null;
        for (OnnxNode n : graph.nodes()) {
            String k = UNSUPPORTED.get(n.opType());
            if (k == null) continue;
            found.add(n.opType());
            kind = k;
        }
        if (kind != null) {
            throw new BadInputException(file, kind + " (" + String.join(", ", found)
                    + " nodes) cannot be imported; use the plain float32 export (model.onnx)");
        }
    }
}
