package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The entry point's choice between a file, an index and a directory. */
class SafetensorsTest {

    @TempDir
    Path tmp;

    @Test
    void opensASafetensorsFileByPath() throws IOException {
        Path file = tmp.resolve("anything.safetensors");
        SafetensorsWriter.write(file, Map.of("w", Tensor.wrap(new float[]{1, 2}, 2)), DType.F16);
        try (TensorStore store = Safetensors.open(file)) {
            assertInstanceOf(SafetensorsFile.class, store);
            assertEquals(file, store.source());
            assertArrayEquals(new float[]{1, 2}, store.tensor("w").toFloatArray());
        }
    }

    @Test
    void aDirectoryPrefersTheSingleFileOverAnIndex() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("both"));
        SafetensorsWriter.write(dir.resolve(Safetensors.SINGLE_FILE_NAME), Map.of("single", Tensor.wrap(new float[]{1}, 1)), DType.F32);
        MalformedCheckpoints.writeShard(dir.resolve("model-00001-of-00001.safetensors"), "sharded");
        MalformedCheckpoints.writeIndex(dir, Map.of("sharded", "model-00001-of-00001.safetensors"));
        try (TensorStore store = Safetensors.open(dir)) {
            assertEquals(dir.resolve(Safetensors.SINGLE_FILE_NAME), store.source());
            assertEquals(Set.of("single"), store.names());
        }
    }

    @Test
    void aMissingPathIsABadInputNamingIt() {
        Path missing = tmp.resolve("nowhere/model.safetensors");
        BadInputException e = assertThrows(BadInputException.class, () -> Safetensors.open(missing));
        assertEquals(missing + ": no such file or directory", e.getMessage());
    }
}
