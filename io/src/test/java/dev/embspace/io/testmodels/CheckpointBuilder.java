package dev.embspace.io.testmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.AtomicFiles;
import dev.embspace.io.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Collects random tensors for a test checkpoint and writes them as safetensors, in one file or in
 * shards with a {@code model.safetensors.index.json} as transformers saves large models. Values are
 * rounded to the stored dtype when drawn, so {@link RawTensor#data()} is what the files hold.
 */
final class CheckpointBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final DType dtype;
    private final Map<String, RawTensor> tensors = new LinkedHashMap<>();

    CheckpointBuilder(long seed, DType dtype) {
        this.random = new Random(seed);
        this.dtype = dtype;
    }

    /** A weight drawn from N(0, 0.5^2): spread enough that projections have no near-ties. */
    CheckpointBuilder random(String name, int... shape) {
        return fill(name, shape, 0f, 0.5f);
    }

    /** A norm weight near 1 (and distinct per element, so a swapped norm is noticed). */
    CheckpointBuilder nearOne(String name, int... shape) {
        return fill(name, shape, 1f, 0.1f);
    }

    /** A LayerNorm {@code path.weight} and {@code path.bias} of width n. */
    CheckpointBuilder layerNorm(String path, int n) {
        nearOne(path + ".weight", n);
        return random(path + ".bias", n);
    }

    /** A tensor of fixed values (a buffer such as GPT-2's causal mask). */
    CheckpointBuilder constant(String name, float value, int... shape) {
        return fill(name, shape, value, 0f);
    }

    private CheckpointBuilder fill(String name, int[] shape, float mean, float spread) {
        int n = 1;
        for (int s : shape) n = Math.multiplyExact(n, s);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = RawTensor.round(mean + spread * (float) random.nextGaussian(), dtype);
        }
        tensors.put(name, new RawTensor(name, dtype, shape.clone(), data));
        return this;
    }

    Map<String, RawTensor> tensors() {
        return tensors;
    }

    /** Writes every tensor to {@code dir/model.safetensors}. */
    List<Path> writeSingle(Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        write(file, new ArrayList<>(tensors.values()));
        return List.of(file);
    }

    /**
     * Writes the tensors over {@code shards} files named as transformers names them
     * ({@code model-00001-of-00002.safetensors}), {@code shardOf} choosing each tensor's file, and
     * the index mapping every name to its file.
     */
    List<Path> writeShards(Path dir, int shards, ToIntFunction<String> shardOf) throws IOException {
        List<List<RawTensor>> byShard = new ArrayList<>();
        for (int s = 0; s < shards; s++) byShard.add(new ArrayList<>());
        tensors.values().forEach(t -> byShard.get(shardOf.applyAsInt(t.name())).add(t));

        List<Path> files = new ArrayList<>();
        ObjectNode index = JSON.createObjectNode();
        ObjectNode weightMap = JSON.createObjectNode();
        long totalBytes = 0;
        for (int s = 0; s < shards; s++) {
            String fileName = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            Path file = dir.resolve(fileName);
            write(file, byShard.get(s));
            files.add(file);
            for (RawTensor t : new TreeMap<>(nameMap(byShard.get(s))).values()) {
                weightMap.put(t.name(), fileName);
                totalBytes += t.dtype().byteSize(t.data().length);
            }
        }
        index.putObject("metadata").put("total_size", totalBytes);
        index.set("weight_map", weightMap);
        writeJson(dir.resolve("model.safetensors.index.json"), index);
        return files;
    }

    static void writeJson(Path file, Object json) throws IOException {
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static void write(Path file, List<RawTensor> shard) throws IOException {
        Map<String, Tensor> values = new TreeMap<>();
        Map<String, DType> dtypes = new TreeMap<>();
        for (RawTensor t : shard) {
            values.put(t.name(), t.asF32());
            dtypes.put(t.name(), t.dtype());
        }
        SafetensorsWriter.write(file, values, dtypes, Map.of("format", "pt"));
    }

    private static Map<String, RawTensor> nameMap(List<RawTensor> list) {
        Map<String, RawTensor> m = new TreeMap<>();
        list.forEach(t -> m.put(t.name(), t));
        return m;
    }
}
