package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A checkpoint split over several safetensors files by a {@code model.safetensors.index.json}. Each
 * shard is mapped once; the store is the union of their tensors.
 *
 * <p>Opening checks that every shard is confined to the model's directory ({@link ShardLocator}), that
 * every tensor the weight map names is in the shard it names, and that no tensor is in two shards
 * (which copy would a reader get?). A tensor that a shard holds but the weight map omits is still
 * served: the shard file, not the index, is the authority on what it contains.
 */
public final class ShardedCheckpoint implements TensorStore {

    public static final String INDEX_FILE_NAME = "model.safetensors.index.json";

    private final ShardIndex index;
    private final List<SafetensorsFile> shards;
    /** The shard holding each tensor, readable or not. */
    private final Map<String, SafetensorsFile> owners;
    private final Set<String> names;

    private ShardedCheckpoint(ShardIndex index, List<SafetensorsFile> shards, Map<String, SafetensorsFile> owners) {
        this.index = index;
        this.shards = List.copyOf(shards);
        this.owners = Map.copyOf(owners);
        Set<String> names = new TreeSet<>();
        shards.forEach(shard -> names.addAll(shard.names()));
        this.names = Collections.unmodifiableSet(names);
    }

    /** Opens the checkpoint that {@code indexFile} describes, validating the index and every shard first. */
    public static ShardedCheckpoint open(Path indexFile) {
        ShardIndex index = ShardIndex.read(indexFile);
        ShardLocator locator = new ShardLocator(indexFile);
        Map<String, Path> shardPaths = new HashMap<>();
        // Locate every shard before mapping any, so a bad name fails fast and cheaply.
        for (String name : index.shardNames()) shardPaths.put(name, locator.locate(name));

        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> byName = new HashMap<>();
            for (String name : index.shardNames()) {
                SafetensorsFile shard = SafetensorsFile.open(shardPaths.get(name));
                opened.add(shard);
                byName.put(name, shard);
            }
            Map<String, SafetensorsFile> owners = owners(indexFile, opened);
            checkWeightMap(index, byName, owners);
            return new ShardedCheckpoint(index, opened, owners);
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** Which shard holds each tensor; an error if two shards both hold one. */
    private static Map<String, SafetensorsFile> owners(Path indexFile, List<SafetensorsFile> shards) {
        Map<String, SafetensorsFile> owners = new HashMap<>();
        for (SafetensorsFile shard : shards) {
            List<String> held = new ArrayList<>(shard.names());
            held.addAll(shard.unreadableTensors().keySet());
            for (String tensor : held) {
                SafetensorsFile other = owners.putIfAbsent(tensor, shard);
                if (other != null) {
                    throw new BadInputException(indexFile, "tensor '" + tensor + "' appears in two shards, "
                            + other.source().getFileName() + " and " + shard.source().getFileName());
                }
            }
        }
        return owners;
    }

    private static void checkWeightMap(ShardIndex index, Map<String, SafetensorsFile> byName, Map<String, SafetensorsFile> owners) {
        index.weightMap().forEach((tensor, shardName) -> {
            if (owners.get(tensor) != byName.get(shardName)) {
                throw new BadInputException(index.file(), "tensor '" + tensor + "' is listed in shard '" + shardName
                        + "', which does not contain it");
            }
        });
    }

    /** The index file. */
    @Override
    public Path source() {
        return index.file();
    }

    /** The names of the tensors the engine can read, across all shards, sorted. */
    @Override
    public Set<String> names() {
        return names;
    }

    @Override
    public Optional<Tensor> find(String name) {
        SafetensorsFile owner = owners.get(name);
        return owner == null ? Optional.empty() : owner.find(name);
    }

    /** The index's metadata, every value as text. */
    public Map<String, String> metadata() {
        return index.metadata();
    }

    /** The shard files, beside the index, in the order the index first names them. */
    public List<Path> shardFiles() {
        return shards.stream().map(SafetensorsFile::source).toList();
    }

    /** Unmaps every shard. Idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (SafetensorsFile shard : shards) {
            try {
                shard.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public String toString() {
        return "ShardedCheckpoint[" + index.file() + ", " + shards.size() + " shards, " + names.size() + " tensors]";
    }
}
