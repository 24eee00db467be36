package dev.embspace.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.io.UserFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The parsed {@code model.safetensors.index.json} of a sharded checkpoint:
 * {@code {"metadata": {...}, "weight_map": {tensor: shard file name}}}. Parsing checks the JSON's
 * shape and that every shard name is a plain file name; {@link ShardLocator} then confines the names
 * to the model's directory on disk.
 *
 * @param file      the index file, named in errors
 * @param weightMap tensor name to shard file name, in file order
 * @param metadata  the index's metadata with every value as text (HF writes {@code total_size} as a number)
 */
record ShardIndex(Path file, Map<String, String> weightMap, Map<String, String> metadata) {

    /** Real indexes are kilobytes; the cap keeps a mistaken or hostile file from filling the heap. */
    static final long MAX_INDEX_BYTES = SafetensorsFile.MAX_HEADER_BYTES;

    ShardIndex {
        weightMap = Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    static ShardIndex read(Path file) {
        byte[] bytes = UserFiles.readAllBytes(file, MAX_INDEX_BYTES, "the shard index");
        JsonNode root = StrictJson.readObject(file, bytes, "shard index");
        return new ShardIndex(file, weightMap(file, root.get("weight_map")), metadata(file, root.get("metadata")));
    }

    /** The distinct shard file names, in the order the weight map first names them. */
    SequencedSet<String> shardNames() {
        return new LinkedHashSet<>(weightMap.values());
    }

    private static Map<String, String> weightMap(Path file, JsonNode node) {
        if (node == null) throw new BadInputException(file, "shard index has no 'weight_map'");
        if (!node.isObject()) {
            throw new BadInputException(file, "'weight_map' must be an object {tensor: shard file}, found " + StrictJson.kind(node));
        }
        if (node.isEmpty()) throw new BadInputException(file, "'weight_map' lists no tensors");
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode shard = e.getValue();
            if (!shard.isTextual()) {
                throw new BadInputException(file, "'weight_map' gives tensor '" + e.getKey() + "' a shard that is "
                        + StrictJson.kind(shard) + ", not a file name");
            }
            checkPlainFileName(file, shard.textValue());
            map.put(e.getKey(), shard.textValue());
        }
        return map;
    }

    /**
     * A shard must be a file directly in the model's directory: a name with a separator, {@code ..} or
     * an absolute path could make the reader map any file on the machine.
     */
    private static void checkPlainFileName(Path file, String name) {
        boolean plain = !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
        if (!plain) {
            throw new BadInputException(file, "shard '" + name + "' is not a plain file name in the model's directory");
        }
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) {
            throw new BadInputException(file, "'metadata' must be an object, found " + StrictJson.kind(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            metadata.put(e.getKey(), v.isTextual() ? v.textValue() : v.toString());
        }
        return metadata;
    }
}
