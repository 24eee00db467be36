package dev.embspace.io.onnx;

import java.util.List;
import java.util.Optional;

/**
 * One attribute of a node. Only the forms the importer needs are decoded (float, int, string, tensor,
 * floats, ints); graph-valued attributes (If, Loop bodies) are skipped, since a BERT export has none.
 */
public record OnnxAttribute(String name, Optional<Float> f, Optional<Long> i, Optional<String> s,
                            Optional<OnnxTensor> t, List<Float> floats, List<Long> ints) {

    public OnnxAttribute {
        floats = List.copyOf(floats);
        ints = List.copyOf(ints);
    }
}
