package dev.embspace.io.safetensors;

import dev.embspace.engine.tensor.Tensor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Tensors held in a map: the union of shards, or tensors built in memory. */
public record MapTensorStore(Path source, Map<String, Tensor> tensors, AutoCloseable resources) implements TensorStore {

    public MapTensorStore {
        tensors = new TreeMap<>(tensors);
    }

    public static MapTensorStore of(Path source, Map<String, Tensor> tensors) {
        return new MapTensorStore(source, tensors, null);
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public void close() {
        if (resources == null) return;
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + source + ": " + e.getMessage(), e);
        }
    }
}
