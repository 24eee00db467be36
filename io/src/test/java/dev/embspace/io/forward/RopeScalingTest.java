package dev.embspace.io.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.model.Transformer;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Llama 3 style rope_scaling loads (the weights read the same) but the forward pass refuses it
 * rather than computing rotary angles that differ from the model's.
 */
class RopeScalingTest {

    @TempDir
    Path dir;

    @Test
    void scaledRotaryLoadsForAnalysisButNotForTheForwardPass() throws Exception {
        TestCheckpoint llama = TestModels.llama(dir.resolve("llama"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(llama.config().toFile());
        config.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 8.0);
        json.writeValue(llama.config().toFile(), config);

        Transformer model = Architectures.load(llama.config(), llama.inMemoryStore(), "llama3-like");
        assertEquals("llama3", model.spec().ropeScaling());
        BadInputException e = assertThrows(BadInputException.class, () -> ForwardPass.of(model));
        assertTrue(e.getMessage().contains("rope_scaling 'llama3'"), e::getMessage);
    }

    @Test
    void defaultRopeTypeIsPlainRotary() throws Exception {
        TestCheckpoint llama = TestModels.llama(dir.resolve("plain"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(llama.config().toFile());
        config.putObject("rope_scaling").put("rope_type", "default");
        json.writeValue(llama.config().toFile(), config);
        Transformer model = Architectures.load(llama.config(), llama.inMemoryStore(), "plain");
        assertNull(model.spec().ropeScaling());
        ForwardPass.of(model);
    }
}
