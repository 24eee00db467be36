package dev.embspace.io.arch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.MapTensorStore;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad configs and checkpoints that disagree with them: each is a one-line {@link BadInputException}
 * that names the config file and what is wrong with it.
 */
class ArchitectureErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestCheckpoint gpt2;
    static TestCheckpoint llama;

    @BeforeAll
    static void write() throws IOException {
        gpt2 = TestModels.gpt2(dir.resolve("gpt2"));
        llama = TestModels.llama(dir.resolve("llama"));
    }

    @Test
    void missingConfigKeyIsNamed() throws IOException {
        Path config = edited(gpt2, "no-n-embd", c -> c.remove("n_embd"));
        assertFails(config, gpt2.inMemoryStore(), "missing key 'n_embd'");
    }

    @Test
    void missingModelTypeIsNamed() throws IOException {
        Path config = edited(gpt2, "no-model-type", c -> c.remove("model_type"));
        assertFails(config, gpt2.inMemoryStore(), "missing key 'model_type'");
    }

    @Test
    void unknownModelTypeListsTheSupportedOnes() throws IOException {
        Path config = edited(gpt2, "t5", c -> c.put("model_type", "t5"));
        assertFails(config, gpt2.inMemoryStore(),
                "unsupported model_type 't5' (supported: bert, gpt2, gpt_neox, llama, mistral, qwen2, roberta, xlm-roberta)");
    }

    @Test
    void tensorWithTheWrongShapeIsNamedWithBothShapes() {
        Map<String, Tensor> tensors = tensorsOf(gpt2);
        tensors.put("h.1.mlp.c_fc.weight", Tensor.wrap(new float[16 * 65], 16, 65));
        assertFails(gpt2.config(), MapTensorStore.of(gpt2.dir(), tensors),
                "tensor 'h.1.mlp.c_fc.weight' in " + gpt2.dir() + " has shape [16, 65] but the config implies [16, 64]");
    }

    @Test
    void configThatDoesNotFitTheWeightsIsCaughtAtTheFirstTensor() throws IOException {
        Path config = edited(gpt2, "wider", c -> c.put("n_embd", 20));
        assertFails(config, gpt2.inMemoryStore(), "tensor 'wte.weight' in " + gpt2.dir() + " has shape [96, 16] but the config implies [96, 20]");
    }

    @Test
    void missingTensorIsNamed() {
        Map<String, Tensor> tensors = tensorsOf(gpt2);
        tensors.remove("h.0.ln_2.bias");
        assertFails(gpt2.config(), MapTensorStore.of(gpt2.dir(), tensors),
                "tensor 'h.0.ln_2.bias' is missing from " + gpt2.dir() + " (required for gpt2)");
    }

    @Test
    void untiedLlamaNeedsItsLmHead() {
        Map<String, Tensor> tensors = tensorsOf(llama);
        tensors.remove("lm_head.weight");
        assertFails(llama.config(), MapTensorStore.of(llama.dir(), tensors), "tensor 'lm_head.weight' is missing");
    }

    @Test
    void checkpointOfAnotherFamilyIsRejected() {
        assertFails(llama.config(), gpt2.inMemoryStore(),
                "is not a llama model: it has no 'model.embed_tokens.weight' or 'embed_tokens.weight'");
    }

    @Test
    void headsMustBeAMultipleOfKvHeads() throws IOException {
        Path config = edited(llama, "kv3", c -> c.put("num_key_value_heads", 3));
        assertFails(config, llama.inMemoryStore(), "num_attention_heads 4 is not a multiple of num_key_value_heads 3");
    }

    @Test
    void widthMustBeAMultipleOfHeads() throws IOException {
        Path config = edited(gpt2, "heads3", c -> c.put("n_head", 3));
        assertFails(config, gpt2.inMemoryStore(), "n_embd 16 is not a multiple of n_head 3");
    }

    @Test
    void unsupportedActivationListsTheSupportedOnes() throws IOException {
        Path config = edited(gpt2, "quick-gelu", c -> c.put("activation_function", "quick_gelu"));
        assertFails(config, gpt2.inMemoryStore(), "unsupported activation_function 'quick_gelu' (supported: gelu, ");
    }

    @Test
    void mistypedValueIsNamed() throws IOException {
        Path config = edited(gpt2, "typo", c -> c.put("n_layer", "two"));
        assertFails(config, gpt2.inMemoryStore(), "key 'n_layer' must be an integer, found \"two\"");
    }

    @Test
    void nonPositiveSizeIsNamed() throws IOException {
        Path config = edited(gpt2, "zero", c -> c.put("n_layer", 0));
        assertFails(config, gpt2.inMemoryStore(), "key 'n_layer' must be positive, found 0");
    }

    @Test
    void configThatIsNotJsonIsRejected() throws IOException {
        Path config = dir.resolve("broken.json");
        Files.writeString(config, "{\"model_type\": \"gpt2\", ");
        assertFails(config, gpt2.inMemoryStore(), "not valid JSON");
    }

    @Test
    void configThatIsNotAnObjectIsRejected() throws IOException {
        Path config = dir.resolve("array.json");
        Files.writeString(config, "[1, 2]");
        assertFails(config, gpt2.inMemoryStore(), "config must be a JSON object");
    }

    @Test
    void missingConfigFileIsNamed() {
        assertFails(dir.resolve("nowhere/config.json"), gpt2.inMemoryStore(), "config file not found");
    }

    /** Asserts that loading fails with one line that starts with the config file and contains {@code problem}. */
    private static void assertFails(Path config, TensorStore store, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> Architectures.load(config, store, "broken"));
        String message = e.getMessage();
        assertTrue(message.startsWith(config + ": "), message);
        assertTrue(message.contains(problem), message);
        assertFalse(message.contains("\n"), message);
    }

    private static Path edited(TestCheckpoint ckpt, String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(ckpt.config().toFile());
        edit.accept(config);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, JSON.writeValueAsString(config));
        return file;
    }

    private static Map<String, Tensor> tensorsOf(TestCheckpoint ckpt) {
        Map<String, Tensor> tensors = new TreeMap<>();
        ckpt.tensors().forEach((name, raw) -> tensors.put(name, raw.asStored()));
        return tensors;
    }
}
