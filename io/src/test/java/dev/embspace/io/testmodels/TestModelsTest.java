package dev.embspace.io.testmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixtures themselves: each directory is complete and its tokenizer covers the vocabulary. */
class TestModelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void decoderTokenizersListEveryIdOnce() throws IOException {
        for (TestCheckpoint ckpt : List.of(TestModels.gpt2(dir.resolve("gpt2")), TestModels.llama(dir.resolve("llama")),
                TestModels.qwen2(dir.resolve("qwen2")), TestModels.gptNeoX(dir.resolve("neox")))) {
            JsonNode config = JSON.readTree(ckpt.config().toFile());
            int vocab = config.get("vocab_size").intValue();
            assertEquals(ckpt.sizes().vocab(), vocab);
            JsonNode model = JSON.readTree(ckpt.dir().resolve("tokenizer.json").toFile()).get("model");
            assertEquals("BPE", model.get("type").textValue());
            JsonNode tokenIds = model.get("vocab");
            assertEquals(vocab, tokenIds.size(), ckpt.dir() + ": one token per id");
            HashSet<Integer> ids = new HashSet<>();
            tokenIds.properties().forEach(e -> {
                ids.add(e.getValue().intValue());
                assertEquals(ckpt.tokens().get(e.getValue().intValue()), e.getKey());
            });
            assertEquals(vocab, ids.size(), ckpt.dir() + ": ids are distinct");
            assertTrue(ckpt.weightFiles().stream().allMatch(Files::isRegularFile));
        }
    }

    @Test
    void bertVocabTxtHasOneTokenPerLine() throws IOException {
        TestCheckpoint ckpt = TestModels.bertBare(dir.resolve("bert"));
        List<String> lines = Files.readAllLines(ckpt.dir().resolve("vocab.txt"));
        assertEquals(ckpt.sizes().vocab(), lines.size());
        assertEquals(ckpt.tokens(), lines);
        assertEquals(lines.size(), new HashSet<>(lines).size(), "tokens are distinct");
        assertEquals("[CLS]", lines.get(2));
    }

    @Test
    void shardIndexMapsEveryTensorToItsFile() throws IOException {
        TestCheckpoint ckpt = TestModels.llama(dir.resolve("llama"));
        JsonNode weightMap = JSON.readTree(ckpt.dir().resolve("model.safetensors.index.json").toFile()).get("weight_map");
        assertEquals(ckpt.tensors().size(), weightMap.size());
        assertEquals("model-00001-of-00002.safetensors", weightMap.get("model.embed_tokens.weight").textValue());
        assertEquals("model-00002-of-00002.safetensors", weightMap.get("lm_head.weight").textValue());
    }
}
