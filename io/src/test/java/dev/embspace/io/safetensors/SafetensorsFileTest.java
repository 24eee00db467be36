package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.embspace.io.safetensors.RawSafetensors.f32;
import static dev.embspace.io.safetensors.RawSafetensors.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    @TempDir
    Path tmp;

    /** What a float becomes when stored in {@code dtype} and read back: the reader must return exactly this. */
    private static float stored(DType dtype, float v) {
        return switch (dtype) {
            case F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> Float.intBitsToFloat(BF16Tensor.fromFloat(v) << 16);
            default -> throw new IllegalArgumentException(dtype + " is not a safetensors dtype");
        };
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) (random.nextGaussian() * 3);
        return values;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void roundTripsEveryReadableDtypeExactly(DType dtype) throws IOException {
        Random random = new Random(42 + dtype.ordinal());
        Map<String, Tensor> written = new LinkedHashMap<>();
        written.put("matrix", Tensor.wrap(gaussian(random, 3 * 5), 3, 5));
        written.put("vector", Tensor.wrap(gaussian(random, 7), 7));
        written.put("cube", Tensor.wrap(gaussian(random, 2 * 3 * 4), 2, 3, 4));
        written.put("scalar", Tensor.wrap(new float[]{-1.5f}));
        written.put("empty", Tensor.wrap(new float[0], 0, 4));
        Path path = tmp.resolve("weights.safetensors");
        SafetensorsWriter.write(path, written, dtype);

        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(written.keySet(), file.names());
            for (Map.Entry<String, Tensor> e : written.entrySet()) {
                Tensor expected = e.getValue(), actual = file.tensor(e.getKey());
                assertEquals(dtype, actual.dtype(), e.getKey());
                assertArrayEquals(expected.shape(), actual.shape(), e.getKey());
                float[] want = expected.toFloatArray();
                for (int i = 0; i < want.length; i++) want[i] = stored(dtype, want[i]);
                assertArrayEquals(want, actual.toFloatArray(), e.getKey());
            }
        }
    }

    @Test
    void writerPadsTheHeaderSoDataStartsOnAnEightByteBoundary() throws IOException {
        // Names of 1 to 8 characters give unpadded headers of every length modulo 8.
        for (int nameLength = 1; nameLength <= 8; nameLength++) {
            String name = "w".repeat(nameLength);
            Path path = tmp.resolve("padded" + nameLength + ".safetensors");
            SafetensorsWriter.write(path, Map.of(name, Tensor.wrap(new float[]{1, 2, 3}, 3)), DType.F32);
            byte[] bytes = Files.readAllBytes(path);
            long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            assertEquals(0, headerLength % 8, name);
            assertEquals(8 + headerLength + 12, bytes.length, name);

            try (SafetensorsFile file = SafetensorsFile.open(path)) {
                assertArrayEquals(new float[]{1, 2, 3}, file.tensor(name).toFloatArray(), name);
            }
        }
    }

    @Test
    void readsHandWrittenHeadersWithTrailingSpacesOrNoPadding() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        for (String header : List.of(json, json + "     ")) {
            Path path = RawSafetensors.write(tmp.resolve(header.length() + ".safetensors"), file(header, f32(4, -5)));
            try (SafetensorsFile file = SafetensorsFile.open(path)) {
                assertArrayEquals(new float[]{4, -5}, file.tensor("w").toFloatArray());
            }
        }
    }

    @Test
    void exposesMetadata() throws IOException {
        Path path = tmp.resolve("meta.safetensors");
        Map<String, String> metadata = Map.of("format", "pt", "source", "embspace test");
        SafetensorsWriter.write(path, Map.of("w", Tensor.wrap(new float[]{1}, 1)), metadata);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(metadata, file.metadata());
            assertEquals(Set.of("w"), file.names());
        }
    }

    @Test
    void tensorsAreSlicesOfTheMappedFileNotHeapCopies() throws IOException {
        Path path = tmp.resolve("mapped.safetensors");
        SafetensorsWriter.write(path, Map.of("a", Tensor.wrap(new float[]{1, 2}, 2), "b", Tensor.wrap(new float[]{3}, 1)), DType.BF16);
        Tensor a;
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            a = file.tensor("a");
            for (String name : file.names()) {
                Tensor t = file.tensor(name);
                assertTrue(t.segment().isMapped(), name + " should be mapped");
                assertTrue(t.segment().isNative(), name + " should be off-heap");
                assertTrue(t.segment().heapBase().isEmpty(), name + " should have no heap array");
            }
        }
        // The mapping ends with the file: reading a tensor afterwards fails instead of reading freed memory.
        assertThrows(IllegalStateException.class, () -> a.get(0));
    }

    @Test
    void dtypesTheEngineCannotReadAreListedApartAndRefusedByName() throws IOException {
        // A BERT checkpoint may carry an I64 position_ids buffer beside its float weights.
        String header = "{\"position_ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        Path path = RawSafetensors.write(tmp.resolve("mixed.safetensors"), file(header, new byte[20]));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(Set.of("w"), file.names());
            assertEquals(Map.of("position_ids", "I64"), file.unreadableTensors());
            BadInputException e = assertThrows(BadInputException.class, () -> file.tensor("position_ids"));
            assertEquals(path + ": tensor 'position_ids' has dtype I64; embspace reads F32, F16 and BF16", e.getMessage());
        }
    }

    @Test
    void missingTensorIsABadInputNamingTheFile() throws IOException {
        Path path = tmp.resolve("one.safetensors");
        SafetensorsWriter.write(path, Map.of("w", Tensor.wrap(new float[]{1}, 1)), DType.F32);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertTrue(file.find("nope").isEmpty());
            BadInputException e = assertThrows(BadInputException.class, () -> file.tensor("nope"));
            assertEquals(path + ": missing tensor 'nope'", e.getMessage());
        }
    }

    @Test
    void emptyTensorsMaySitAnywhere() throws IOException {
        // 'e' is empty and sits inside 'a' (a gap between tensors is refused: see MalformedCheckpoints)
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F16\",\"shape\":[3,0],\"data_offsets\":[4,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Path path = RawSafetensors.write(tmp.resolve("sparse.safetensors"), file(header, f32(1, 2, 3)));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertArrayEquals(new float[]{1, 2}, file.tensor("a").toFloatArray());
            assertArrayEquals(new float[]{3}, file.tensor("b").toFloatArray());
            assertEquals(0, file.tensor("e").size());
            assertArrayEquals(new int[]{3, 0}, file.tensor("e").shape());
        }
    }

    @Test
    void closeIsIdempotent() throws IOException {
        Path path = tmp.resolve("close.safetensors");
        SafetensorsWriter.write(path, Map.of("w", Tensor.wrap(new float[]{1}, 1)), DType.F32);
        SafetensorsFile file = SafetensorsFile.open(path);
        file.close();
        assertDoesNotThrow(file::close);
    }
}
