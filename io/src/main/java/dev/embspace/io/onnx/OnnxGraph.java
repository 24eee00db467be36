package dev.embspace.io.onnx;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The main graph of a model: nodes in topological order, initializers by name, inputs and outputs. */
public record OnnxGraph(String name, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
                        List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {

    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<OnnxTensor> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** The node that produces each value, keyed by value name. */
    public Map<String, OnnxNode> producers() {
        Map<String, OnnxNode> out = new HashMap<>();
        for (OnnxNode n : nodes) {
            for (String o : n.outputs()) out.put(o, n);
        }
        return out;
    }

    /**
     * Every constant value by name: the initializers and the outputs of Constant nodes with a tensor
     * value. Exporters use either for scalars such as a LayerNorm epsilon or a reshape's head count.
     */
    public Map<String, OnnxTensor> constants() {
        Map<String, OnnxTensor> out = new HashMap<>(initializers);
        for (OnnxNode n : nodes) {
            if (!n.opType().equals("Constant") || n.outputs().size() != 1) continue;
            n.attribute("value").flatMap(OnnxAttribute::t).ifPresent(t -> out.put(n.outputs().getFirst(), t));
        }
        return out;
    }
}
