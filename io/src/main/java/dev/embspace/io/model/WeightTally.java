package dev.embspace.io.model;

import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.TensorStore;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How many parameters a checkpoint holds and in which dtypes, as {@code info} and the atlas's model
 * card report them: one pass over the tensor headers, no weight read.
 *
 * @param dtypes tensors per dtype name, in name order
 */
public record WeightTally(long parameters, Map<String, Long> dtypes) {

    public static WeightTally of(TensorStore store) {
        Map<String, Long> dtypes = new TreeMap<>();
        long parameters = 0;
        for (String name : store.names()) {
            Tensor t = store.tensor(name);
            dtypes.merge(t.dtype().name(), 1L, Long::sum);
            parameters += t.size();
        }
        return new WeightTally(parameters, Collections.unmodifiableMap(dtypes));
    }

    /** "F32 x101, F16 x2", or "none". */
    public String dtypesText() {
        if (dtypes.isEmpty()) return "none";
        return dtypes.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }
}
