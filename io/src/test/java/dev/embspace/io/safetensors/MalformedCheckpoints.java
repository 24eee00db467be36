package dev.embspace.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.embspace.io.safetensors.RawSafetensors.f32;
import static dev.embspace.io.safetensors.RawSafetensors.file;
import static dev.embspace.io.safetensors.RawSafetensors.withDeclaredLength;

/**
 * A corpus of malformed checkpoints, each of which the reader must reject with a one-line
 * {@code BadInputException} naming the file and the problem. Shared with the CLI tests (through io's
 * test-jar), which check that each one exits with code 3.
 *
 * <p>Each case writes into its own empty directory: single-file cases as {@code model.safetensors},
 * sharded cases as {@code model.safetensors.index.json} and its shards, so the directory can serve as
 * a model directory (add a config and tokenizer beside it to get past those loaders).
 */
public final class MalformedCheckpoints {

    /** Where a case was written: open {@code input}; the error must name {@code blamed}. */
    public record Written(Path directory, Path input, Path blamed) {
    }

    @FunctionalInterface
    public interface Builder {
        Written write(Path directory) throws IOException;
    }

    /**
     * One malformed input.
     *
     * @param name    short identifier, usable as a directory name
     * @param problem text the error message must contain (besides the file name)
     */
    public record Case(String name, String problem, Builder builder) {

        /** Writes the case into a fresh subdirectory {@code name} of {@code parent}. */
        public Written writeInto(Path parent) throws IOException {
            return builder.write(Files.createDirectories(parent.resolve(name)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private MalformedCheckpoints() {
    }

    public static List<Case> all() {
        return List.of(
                single("too-short", "too short", bytes(new byte[]{1, 2, 3})),
                single("header-beyond-file", "exceeds the 20 bytes after the length field",
                        bytes(withDeclaredLength(1000, new byte[20]))),
                single("header-length-negative-as-signed", "header length 18446744073709551615 exceeds",
                        bytes(withDeclaredLength(-1L, new byte[20]))),
                new Case("header-above-cap", "exceeds the limit of 100000000 bytes", MalformedCheckpoints::headerAboveCap),
                single("truncated-data", "outside the data region",
                        bytes(truncate(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                                f32(1, 2, 3, 4)), 6))),
                single("empty-header", "safetensors header is empty", bytes(withDeclaredLength(0, new byte[0]))),
                single("not-json", "not valid JSON", bytes(file("{\"w\": {dtype: F32", new byte[0]))),
                single("header-not-object", "must be a JSON object, found an array", bytes(file("[1, 2]", new byte[0]))),
                single("duplicate-tensor", "Duplicate field 'w'",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", f32(1)))),
                single("entry-missing-offsets", "tensor 'w' has no 'data_offsets'",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", f32(1)))),
                single("entry-not-object", "tensor 'w' must be an object", bytes(file("{\"w\":[0,4]}", f32(1)))),
                single("offsets-out-of-range", "tensor 'w' has data_offsets [0, 8] outside the data region of 4 bytes",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", f32(1)))),
                single("offsets-reversed", "end before they begin",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", f32(1)))),
                single("overlapping-tensors", "tensors 'a' (bytes 0..8) and 'b' (bytes 4..12) overlap",
                        bytes(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", f32(1, 2, 3)))),
                single("gap-between-tensors", "bytes 8..12 of the data region belong to no tensor (a gap between 'a' and 'b')",
                        bytes(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", f32(1, 2, 3, 4)))),
                single("bytes-after-the-last-tensor", "bytes 4..8 of the data region belong to no tensor",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", f32(1, 2)))),
                single("dtype-shape-mismatch", "tensor 'w' is F32[3], which needs 12 bytes, but its data_offsets [0, 8] span 8",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", f32(1, 2)))),
                single("unknown-dtype", "tensor 'w' has unknown dtype 'Q4_K'; embspace reads F32, F16 and BF16",
                        bytes(file("{\"w\":{\"dtype\":\"Q4_K\",\"shape\":[2],\"data_offsets\":[0,8]}}", f32(1, 2)))),
                single("negative-dimension", "tensor 'w' has shape [2,-1]",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}", f32(1, 2)))),
                single("fractional-dimension", "tensor 'w' has shape [2.5]",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", f32(1, 2)))),
                // 2^31-1 cubed times 32 bits overflows a long; with wrapping arithmetic it would be some
                // unrelated number, perhaps the byte length the offsets claim.
                single("shape-overflow", "too many elements",
                        bytes(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
                                + "\"data_offsets\":[0,0]}}", new byte[0]))),
                single("metadata-not-strings", "__metadata__ value 'format' must be a string, found a number",
                        bytes(file("{\"__metadata__\":{\"format\":1}}", new byte[0]))),
                sharded("shard-parent-escape", "shard '../outside.safetensors' is not a plain file name",
                        dir -> {
                            writeShard(dir.resolveSibling("outside.safetensors"), "w");
                            return "../outside.safetensors";
                        }),
                sharded("shard-absolute-path", "is not a plain file name",
                        dir -> {
                            Path outside = dir.resolveSibling("absolute-outside.safetensors").toAbsolutePath();
                            writeShard(outside, "w");
                            return outside.toString();
                        }),
                sharded("shard-symlink-escape", "shard 'linked.safetensors' leads to",
                        dir -> {
                            Path outside = dir.resolveSibling("linked-outside.safetensors");
                            writeShard(outside, "w");
                            Files.createSymbolicLink(dir.resolve("linked.safetensors"), outside.toAbsolutePath());
                            return "linked.safetensors";
                        }),
                sharded("shard-missing", "shard 'model-00001-of-00001.safetensors' does not exist",
                        dir -> "model-00001-of-00001.safetensors"),
                sharded("tensor-absent-from-shard", "tensor 'w' is listed in shard 'model-00001-of-00001.safetensors', which does not contain it",
                        dir -> {
                            writeShard(dir.resolve("model-00001-of-00001.safetensors"), "other");
                            return "model-00001-of-00001.safetensors";
                        }),
                new Case("tensor-in-two-shards", "tensor 'w' appears in two shards", MalformedCheckpoints::tensorInTwoShards),
                new Case("index-not-json", "shard index is not valid JSON", dir -> {
                    Path index = RawSafetensors.write(dir.resolve(ShardedCheckpoint.INDEX_FILE_NAME), "{\"weight_map\": ".getBytes());
                    return new Written(dir, dir, index);
                }),
                new Case("no-weights", "no model.safetensors or model.safetensors.index.json", dir -> new Written(dir, dir, dir)));
    }

    // --- single-file cases

    private interface Bytes {
        byte[] get() throws IOException;
    }

    private static Bytes bytes(byte[] content) {
        return () -> content;
    }

    private static Case single(String name, String problem, Bytes content) {
        return new Case(name, problem, dir -> {
            Path file = RawSafetensors.write(dir.resolve(Safetensors.SINGLE_FILE_NAME), content.get());
            return new Written(dir, file, file);
        });
    }

    private static byte[] truncate(byte[] bytes, int drop) {
        byte[] out = new byte[bytes.length - drop];
        System.arraycopy(bytes, 0, out, 0, out.length);
        return out;
    }

    /**
     * A header length above the cap that still fits in the file: the file is sparse, so it costs no
     * disk and the reader must refuse it from the length alone, before touching the header.
     */
    private static Written headerAboveCap(Path dir) throws IOException {
        Path file = dir.resolve(Safetensors.SINGLE_FILE_NAME);
        long declared = SafetensorsFile.MAX_HEADER_BYTES + 8;
        RawSafetensors.write(file, withDeclaredLength(declared, new byte[0]));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 + declared);
        }
        return new Written(dir, file, file);
    }

    // --- sharded cases

    @FunctionalInterface
    private interface ShardSetup {
        /** Writes whatever the case needs beside the index in {@code dir} and returns the shard name for tensor 'w'. */
        String prepare(Path dir) throws IOException;
    }

    /** An index mapping tensor 'w' to the shard name the setup returns. */
    private static Case sharded(String name, String problem, ShardSetup setup) {
        return new Case(name, problem, dir -> {
            String shard = setup.prepare(dir);
            Path index = writeIndex(dir, Map.of("w", shard));
            return new Written(dir, dir, index);
        });
    }

    private static Written tensorInTwoShards(Path dir) throws IOException {
        writeShard(dir.resolve("model-00001-of-00002.safetensors"), "w");
        writeShard(dir.resolve("model-00002-of-00002.safetensors"), "w", "v");
        Map<String, String> weightMap = new LinkedHashMap<>();
        weightMap.put("w", "model-00001-of-00002.safetensors");
        weightMap.put("v", "model-00002-of-00002.safetensors");
        return new Written(dir, dir, writeIndex(dir, weightMap));
    }

    /** A valid shard holding a small F32 tensor under each name. */
    static void writeShard(Path file, String... tensorNames) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String n : tensorNames) tensors.put(n, Tensor.wrap(new float[]{1, 2}, 2));
        Files.createDirectories(file.toAbsolutePath().getParent());
        SafetensorsWriter.write(file, tensors, DType.F32);
    }

    /** Writes {@code model.safetensors.index.json} in {@code dir}, as Hugging Face does. */
    static Path writeIndex(Path dir, Map<String, String> weightMap) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("metadata").put("total_size", 8 * weightMap.size());
        ObjectNode map = root.putObject("weight_map");
        weightMap.forEach(map::put);
        Path index = dir.resolve(ShardedCheckpoint.INDEX_FILE_NAME);
        Files.write(index, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return index;
    }
}
