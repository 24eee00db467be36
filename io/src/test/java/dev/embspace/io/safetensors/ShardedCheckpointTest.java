package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardedCheckpointTest {

    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path tmp;

    private final float[] embed = {0.5f, -1.25f, 3f, 7.75f, -0.125f, 2f};
    private final float[] norm = {1f, 0.999f};
    private final float[] head = {-2f, 4.5f, 0.0625f, 9f};

    /** Two BF16 shards and their index, in Hugging Face's names and layout. */
    private Path writeTwoShards(Path dir) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve(SHARD1), Map.of(
                "model.embed_tokens.weight", Tensor.wrap(embed, 3, 2),
                "model.norm.weight", Tensor.wrap(norm, 2)), DType.BF16);
        SafetensorsWriter.write(dir.resolve(SHARD2), Map.of("lm_head.weight", Tensor.wrap(head, 2, 2)), DType.BF16);
        Map<String, String> weightMap = new LinkedHashMap<>();
        weightMap.put("lm_head.weight", SHARD2);
        weightMap.put("model.embed_tokens.weight", SHARD1);
        weightMap.put("model.norm.weight", SHARD1);
        MalformedCheckpoints.writeIndex(dir, weightMap);
        return dir;
    }

    private static float[] bf16(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat(BF16Tensor.fromFloat(values[i]) << 16);
        return out;
    }

    @Test
    void readsTheUnionOfTheShardsAsOneStore() throws IOException {
        Path dir = writeTwoShards(tmp.resolve("llama"));
        try (TensorStore store = Safetensors.open(dir)) {
            ShardedCheckpoint sharded = assertInstanceOf(ShardedCheckpoint.class, store);
            assertEquals(Set.of("lm_head.weight", "model.embed_tokens.weight", "model.norm.weight"), store.names());
            assertEquals(dir.resolve(ShardedCheckpoint.INDEX_FILE_NAME), store.source());
            assertEquals(List.of(dir.resolve(SHARD2), dir.resolve(SHARD1)), sharded.shardFiles());
            assertEquals(Map.of("total_size", "24"), sharded.metadata());

            Tensor e = store.tensor("model.embed_tokens.weight");
            assertArrayEquals(new int[]{3, 2}, e.shape());
            assertEquals(DType.BF16, e.dtype());
            assertArrayEquals(bf16(embed), e.toFloatArray());
            assertArrayEquals(bf16(norm), store.tensor("model.norm.weight").toFloatArray());
            assertArrayEquals(bf16(head), store.tensor("lm_head.weight").toFloatArray());
            for (String name : store.names()) assertTrue(store.tensor(name).segment().isMapped(), name);
        }
    }

    @Test
    void openingTheIndexFileDirectlyIsTheSameAsOpeningItsDirectory() throws IOException {
        Path dir = writeTwoShards(tmp.resolve("llama"));
        try (TensorStore store = Safetensors.open(dir.resolve(ShardedCheckpoint.INDEX_FILE_NAME))) {
            assertInstanceOf(ShardedCheckpoint.class, store);
            assertArrayEquals(bf16(head), store.tensor("lm_head.weight").toFloatArray());
        }
    }

    @Test
    void missingTensorNamesTheIndex() throws IOException {
        Path dir = writeTwoShards(tmp.resolve("llama"));
        try (TensorStore store = Safetensors.open(dir)) {
            BadInputException e = assertThrows(BadInputException.class, () -> store.tensor("model.layers.0.mlp.up_proj.weight"));
            assertEquals(dir.resolve(ShardedCheckpoint.INDEX_FILE_NAME) + ": missing tensor 'model.layers.0.mlp.up_proj.weight'",
                    e.getMessage());
        }
    }

    @Test
    void servesTensorsAShardHoldsButTheWeightMapOmits() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("partial-index"));
        MalformedCheckpoints.writeShard(dir.resolve(SHARD1), "listed", "unlisted");
        MalformedCheckpoints.writeIndex(dir, Map.of("listed", SHARD1));
        try (TensorStore store = Safetensors.open(dir)) {
            assertEquals(Set.of("listed", "unlisted"), store.names());
            assertArrayEquals(new float[]{1, 2}, store.tensor("unlisted").toFloatArray());
        }
    }

    /**
     * The Hugging Face hub cache keeps a snapshot's files as links into the repository's blobs
     * directory; those links leave the model directory but must still be accepted.
     */
    @Test
    void acceptsHuggingFaceCacheSnapshotsLinkingIntoBlobs() throws IOException {
        Path staging = writeTwoShards(tmp.resolve("staging"));
        Path repo = tmp.resolve("hub/models--org--tiny-llama");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots/0123abcd"));
        for (String name : List.of(SHARD1, SHARD2, ShardedCheckpoint.INDEX_FILE_NAME)) {
            Path blob = Files.move(staging.resolve(name), blobs.resolve("sha-" + name.hashCode()));
            Files.createSymbolicLink(snapshot.resolve(name), Path.of("../../blobs").resolve(blob.getFileName()));
        }
        try (TensorStore store = Safetensors.open(snapshot)) {
            assertArrayEquals(bf16(embed), store.tensor("model.embed_tokens.weight").toFloatArray());
            assertEquals(List.of(snapshot.resolve(SHARD2), snapshot.resolve(SHARD1)), ((ShardedCheckpoint) store).shardFiles());
        }
    }

    @Test
    void aLinkToAnotherFileInsideTheModelDirectoryIsAccepted() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("linked"));
        MalformedCheckpoints.writeShard(dir.resolve("weights/real.safetensors"), "w");
        Files.createSymbolicLink(dir.resolve(SHARD1), Path.of("weights/real.safetensors"));
        MalformedCheckpoints.writeIndex(dir, Map.of("w", SHARD1));
        try (TensorStore store = Safetensors.open(dir)) {
            assertArrayEquals(new float[]{1, 2}, store.tensor("w").toFloatArray());
        }
    }

    @Test
    void anErrorInsideAShardNamesTheShard() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad-shard"));
        Path shard = RawSafetensors.write(dir.resolve(SHARD1), new byte[]{0, 1});
        MalformedCheckpoints.writeIndex(dir, Map.of("w", SHARD1));
        BadInputException e = assertThrows(BadInputException.class, () -> Safetensors.open(dir));
        assertTrue(e.getMessage().startsWith(shard + ": file is 2 bytes, too short"), e.getMessage());
    }
}
