package dev.embspace.io.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A graph node: an operator applied to named values, producing named values. */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {

    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    public Optional<OnnxAttribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The input at {@code index}, or "" (ONNX's marker for an omitted optional input). */
    public String input(int index) {
        return index < inputs.size() ? inputs.get(index) : "";
    }
}
