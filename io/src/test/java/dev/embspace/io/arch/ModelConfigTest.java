package dev.embspace.io.arch;

import dev.embspace.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed access to config.json keys: defaults for absent or null keys, errors for wrong values. */
class ModelConfigTest {

    @TempDir
    Path dir;

    private ModelConfig config(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return ModelConfig.read(file);
    }

    @Test
    void nullMeansAbsentAndTakesTheDefault() throws IOException {
        ModelConfig c = config("{\"n_inner\": null, \"head_dim\": null, \"n_embd\": 16}");
        assertFalse(c.has("n_inner"));
        assertEquals(64, c.positiveInt("n_inner", 64));
        assertEquals(16, c.positiveInt("n_embd", 64));
        assertEquals(Optional.empty(), c.string("hidden_act"));
    }

    @Test
    void wholeFloatsAreAcceptedAsSizes() throws IOException {
        ModelConfig c = config("{\"hidden_size\": 768.0, \"num_attention_heads\": 12}");
        assertEquals(768, c.requirePositiveInt("hidden_size"));
        assertEquals(64, c.exactQuotient("hidden_size", "num_attention_heads"));
    }

    @Test
    void fractionalSizeIsRejected() throws IOException {
        ModelConfig c = config("{\"hidden_size\": 767.5}");
        BadInputException e = assertThrows(BadInputException.class, () -> c.requirePositiveInt("hidden_size"));
        assertTrue(e.getMessage().endsWith("config.json: key 'hidden_size' must be an integer, found 767.5"), e.getMessage());
    }

    @Test
    void floatsAndBooleansAreTyped() throws IOException {
        ModelConfig c = config("{\"layer_norm_eps\": 1e-12, \"rope_theta\": 500000, \"tie_word_embeddings\": true,"
                + " \"use_parallel_residual\": \"yes\", \"rms_norm_eps\": -1}");
        assertEquals(1e-12f, c.positiveFloat("layer_norm_eps", 1e-5f));
        assertEquals(500000f, c.positiveFloat("rope_theta", 10000f));
        assertEquals(1e-6f, c.positiveFloat("absent_eps", 1e-6f));
        assertTrue(c.bool("tie_word_embeddings", false));
        assertTrue(c.bool("absent_flag", true));
        assertThrows(BadInputException.class, () -> c.bool("use_parallel_residual", true));
        assertThrows(BadInputException.class, () -> c.positiveFloat("rms_norm_eps", 1e-6f));
    }

    @Test
    void negativeIndexIsRejected() throws IOException {
        ModelConfig c = config("{\"pad_token_id\": -1}");
        BadInputException e = assertThrows(BadInputException.class, () -> c.nonNegativeInt("pad_token_id", 1));
        assertTrue(e.getMessage().contains("key 'pad_token_id' must not be negative, found -1"), e.getMessage());
    }
}
