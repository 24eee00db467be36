package dev.embspace.io.testmodels;

import dev.embspace.io.safetensors.MapTensorStore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small checkpoint written by {@link TestModels} in a Hugging Face layout, with everything a test
 * needs to check the engine against it by hand.
 *
 * @param dir        the model directory (config.json, weights, tokenizer)
 * @param sizes      the sizes written into config.json
 * @param tensors    every tensor written, by its name in the files
 * @param weightFiles the safetensors files, in shard order
 * @param tokens     the vocabulary written with it, token id = list index
 */
public record TestCheckpoint(Path dir, Sizes sizes, Map<String, RawTensor> tensors, List<Path> weightFiles,
                             List<String> tokens) {

    /**
     * The sizes of a test model.
     *
     * @param headDim per head; may differ from d / heads (Llama's head_dim key)
     */
    public record Sizes(int vocab, int d, int layers, int heads, int kvHeads, int headDim, int dFf) {
    }

    public TestCheckpoint {
        tensors = new LinkedHashMap<>(tensors);
        weightFiles = List.copyOf(weightFiles);
        tokens = List.copyOf(tokens);
    }

    public Path config() {
        return dir.resolve("config.json");
    }

    /** The tensor called {@code name} exactly as written. */
    public RawTensor raw(String name) {
        RawTensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("the test checkpoint has no tensor " + name + " (it has " + tensors.keySet() + ")");
        return t;
    }

    /** The same tensors, in their stored dtypes, held in memory instead of read from the files. */
    public MapTensorStore inMemoryStore() {
        Map<String, dev.embspace.engine.tensor.Tensor> stored = new TreeMap<>();
        tensors.forEach((name, t) -> stored.put(name, t.asStored()));
        return MapTensorStore.of(dir, stored);
    }
}
