package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code tokenize} on the real minilm-l6 tokenizer (bert-base-uncased's WordPiece). */
class TokenizeCommandTest {

    @Test
    void encodesWithSpecialTokensAsBertBaseUncasedDoes() throws Exception {
        Cli.Result r = Cli.run("tokenize", "-m", RealModels.minilm().toString(), "--text", "Hello, Interpretability!",
                "--format", "json");
        assertEquals(0, r.code(), r::toString);
        JsonNode root = Json.MAPPER.readTree(r.out());
        List<Integer> ids = new ArrayList<>();
        root.get("ids").forEach(n -> ids.add(n.asInt()));
        List<String> tokens = new ArrayList<>();
        root.get("tokens").forEach(n -> tokens.add(n.asText()));
        assertEquals(List.of("[CLS]", "hello", ",", "interpret", "##ability", "!", "[SEP]"), tokens);
        assertEquals(List.of(101, 7592, 1010, 17841, 8010, 999, 102), ids);
    }
}
