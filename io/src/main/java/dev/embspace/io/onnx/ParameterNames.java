package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Recovers the Hugging Face parameter names of a torch.onnx export.
 *
 * <p>The exporter keeps the names of parameters it uses as they are ({@code embeddings.word_embeddings.weight},
 * biases, LayerNorm weights). But a Linear layer's weight is exported pre-transposed as the second
 * operand of a MatMul, as a fresh anonymous initializer ({@code onnx::MatMul_787}); only the node that
 * consumes it still carries the module path, as its name: {@code /encoder/layer.0/attention/self/query/MatMul}
 * is module {@code encoder.layer.0.attention.self.query}, so the initializer is that module's
 * {@code weight}, in [in, out] layout where torch keeps [out, in].
 */
final class ParameterNames {

    /**
     * A dotted module path: what torch names parameters ("encoder.layer.0.output.dense.bias", or
     * "0.auto_model.embeddings..." inside an nn.Sequential), as opposed to "onnx::MatMul_787" or the
     * bare numbers older exporters gave anonymous values.
     */
    private static final Pattern TORCH_NAME = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

    private ParameterNames() {
    }

    /**
     * Every floating-point initializer that can be named, in initializer order. Integer initializers
     * (position_ids buffers, shape constants) and anonymous tensors no parameter-bearing node consumes
     * are left out and reported through {@code notes}.
     */
    static List<RecoveredParameter> recover(OnnxGraph graph, Consumer<String> notes) {
        Map<String, List<Use>> uses = uses(graph);
        Map<String, RecoveredParameter> byName = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (OnnxTensor t : graph.initializers().values()) {
            if (t.dataType().engineType().isEmpty()) {
                skipped.add(t.name() + " (" + t.dataType() + ")");
                continue;
            }
            RecoveredParameter p = TORCH_NAME.matcher(t.name()).matches()
                    ? new RecoveredParameter(t.name(), t, false)
                    : fromConsumer(t, uses.getOrDefault(t.name(), List.of()));
            if (p == null) {
                skipped.add(t.name());
                continue;
            }
            RecoveredParameter clash = byName.putIfAbsent(p.name(), p);
            if (clash != null) {
                throw new BadInputException(t.source(), "initializers '" + clash.source().name() + "' and '"
                        + t.name() + "' both map to parameter '" + p.name() + "'");
            }
        }
        if (!skipped.isEmpty()) notes.accept("skipped " + skipped.size() + " initializers that are not parameters: " + String.join(", ", skipped));
        return List.copyOf(byName.values());
    }

    /** The parameter an anonymous initializer is, judged by the first node that uses it. */
    private static RecoveredParameter fromConsumer(OnnxTensor t, List<Use> uses) {
        for (Use use : uses) {
            String module = modulePath(use.node().name());
            if (module == null) continue;
            OnnxNode n = use.node();
            switch (n.opType()) {
                case "MatMul" -> {
                    if (use.input() == 1 && t.rank() == 2) return new RecoveredParameter(module + ".weight", t, true);
                }
                case "Gemm" -> {
                    // Gemm computes A B' + C with B' = B or B^T (transB); torch's layout is the transposed one.
                    boolean transB = n.attribute("transB").flatMap(OnnxAttribute::i).orElse(0L) != 0;
                    if (use.input() == 1 && t.rank() == 2) return new RecoveredParameter(module + ".weight", t, !transB);
                    if (use.input() == 2 && t.rank() == 1) return new RecoveredParameter(module + ".bias", t, false);
                }
                case "Add" -> {
                    if (t.rank() == 1) return new RecoveredParameter(module + ".bias", t, false);
                }
                case "Mul" -> {
                    if (t.rank() == 1) return new RecoveredParameter(module + ".weight", t, false);
                }
                case "LayerNormalization" -> {
                    if (use.input() == 1) return new RecoveredParameter(module + ".weight", t, false);
                    if (use.input() == 2) return new RecoveredParameter(module + ".bias", t, false);
                }
                case "Gather" -> {
                    if (use.input() == 0 && t.rank() == 2) return new RecoveredParameter(module + ".weight", t, false);
                }
                default -> {
                }
            }
        }
        return null;
    }

    /**
     * The module path in a node name: "/encoder/layer.0/attention/self/query/MatMul" gives
     * "encoder.layer.0.attention.self.query" (the last component names the op, not the module).
     * Null for names without a module ("/MatMul", "MatMul_12").
     */
    static String modulePath(String nodeName) {
        if (!nodeName.startsWith("/")) return null;
        int lastSlash = nodeName.lastIndexOf('/');
        if (lastSlash <= 0) return null;
        String module = nodeName.substring(1, lastSlash).replace('/', '.');
        return TORCH_NAME.matcher(module).matches() ? module : null;
    }

    private record Use(OnnxNode node, int input) {
    }

    private static Map<String, List<Use>> uses(OnnxGraph graph) {
        Map<String, List<Use>> uses = new HashMap<>();
        for (OnnxNode n : graph.nodes()) {
            for (int i = 0; i < n.inputs().size(); i++) {
                uses.computeIfAbsent(n.inputs().get(i), k -> new ArrayList<>()).add(new Use(n, i));
            }
        }
        return uses;
    }
}
