package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Reads a file written by the reference implementation ({@code safetensors.numpy.save_file}; see
 * {@code make_reference_fixture.py} beside it), whose layout differs from our writer's: it orders
 * the data by alignment (the I64 tensor first) and pads the header differently.
 */
class SafetensorsReferenceFileTest {

    private static Path fixture() throws URISyntaxException {
        return Path.of(SafetensorsReferenceFileTest.class.getResource("reference-numpy.safetensors").toURI());
    }

    @Test
    void readsEveryFloatTensorWithItsExactValues() throws Exception {
        try (SafetensorsFile file = SafetensorsFile.open(fixture())) {
            assertEquals(Set.of("dense.weight", "dense.bias", "empty", "scale"), file.names());
            assertEquals(Map.of("format", "np", "note", "written by safetensors.numpy"), file.metadata());

            Tensor weight = file.tensor("dense.weight");
            assertEquals(DType.F32, weight.dtype());
            assertArrayEquals(new int[]{2, 3}, weight.shape());
            assertArrayEquals(new float[]{0.5f, -1.25f, 3f, 1e-3f, -7.5f, 65504f}, weight.toFloatArray());

            Tensor bias = file.tensor("dense.bias");
            assertEquals(DType.F16, bias.dtype());
            // numpy's float16 roundings of 0.1, -0.2, 0.3 and 1, as IEEE half bits.
            short[] half = {0x2e66, (short) 0xb266, 0x34cd, 0x3c00};
            float[] expected = new float[half.length];
            for (int i = 0; i < half.length; i++) expected[i] = Float.float16ToFloat(half[i]);
            assertArrayEquals(expected, bias.toFloatArray());

            assertArrayEquals(new int[]{0, 2}, file.tensor("empty").shape());
            assertEquals(0, file.tensor("empty").size());
            assertArrayEquals(new int[0], file.tensor("scale").shape());
            assertArrayEquals(new float[]{2.5f}, file.tensor("scale").toFloatArray());
        }
    }

    @Test
    void theIntegerBufferIsListedButRefused() throws Exception {
        try (SafetensorsFile file = SafetensorsFile.open(fixture())) {
            assertEquals(Map.of("embeddings.position_ids", "I64"), file.unreadableTensors());
            BadInputException e = assertThrows(BadInputException.class, () -> file.tensor("embeddings.position_ids"));
            assertEquals(fixture() + ": tensor 'embeddings.position_ids' has dtype I64; embspace reads F32, F16 and BF16",
                    e.getMessage());
        }
    }
}
