package dev.embspace.io.onnx;

import java.util.List;
import java.util.Optional;

/**
 * A graph input or output: its name, element type and shape, each dimension either a number or a
 * symbolic name ("batch_size").
 */
public record OnnxValueInfo(String name, Optional<OnnxDataType> elementType, List<String> shape) {

    public OnnxValueInfo {
        shape = List.copyOf(shape);
    }
}
