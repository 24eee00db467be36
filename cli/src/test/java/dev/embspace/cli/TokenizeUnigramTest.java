package dev.embspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.io.testmodels.TestModels;
import dev.embspace.io.tokenizer.CharsmapEncoder;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenize -m DIR} with a tokenizer.json that is a SentencePiece unigram model behind a
 * Precompiled normalizer and Metaspace (T5's layout), in a checkpoint and in a directory holding
 * only the tokenizer, against the io API that the io parity tests check against the Hugging Face library.
 */
class TokenizeUnigramTest {

    @TempDir
    Path tmp;

    @Test
    void encodesThroughTheUnigramModelAsTheIoApiDoes() throws Exception {
        Path dir = TestModels.llama(tmp.resolve("llama")).dir();
        Files.writeString(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsString(unigramTokenizer()));
        for (String text : TEXTS) {
            Cli.Result r = Cli.run("tokenize", "-m", dir.toString(), "--text", text, "--format", "json");
            assertEquals(0, r.code(), r::toString);
            assertEncodedAsTheIoApi(dir, text, Json.MAPPER.readTree(r.out()));
        }
        // "ﬁ" becomes "fi" through the charsmap; "éè" and "xyz" have no pieces and fuse into one unknown each.
        Encoding hostile = Tokenizers.load(dir).encode(TEXTS.get(1));
        assertTrue(hostile.tokens().contains("\u2581fi"), hostile.tokens().toString());
        assertTrue(hostile.tokens().containsAll(List.of("\u00E9\u00E8", "xyz")), hostile.tokens().toString());
    }

    /** A directory holding only the tokenizer.json, every line of a file as JSON Lines. */
    @Test
    void tokenizerOnlyDirectoryAndFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tokenizer-only"));
        Files.writeString(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsString(unigramTokenizer()));
        Path lines = tmp.resolve("lines.txt");
        Files.writeString(lines, String.join("\n", TEXTS) + "\n");
        Cli.Result r = Cli.run("tokenize", "-m", dir.toString(), "--file", lines.toString());
        assertEquals(0, r.code(), r::toString);
        List<String> out = r.out().lines().toList();
        assertEquals(TEXTS.size(), out.size(), r::toString);
        for (int i = 0; i < TEXTS.size(); i++) assertEncodedAsTheIoApi(dir, TEXTS.get(i), Json.MAPPER.readTree(out.get(i)));
    }

    private static final List<String> TEXTS = List.of("the cat sat on the mat", "\uFB01ne \u2460 \u00E9\u00E8 xyz", "");

    private static void assertEncodedAsTheIoApi(Path dir, String text, JsonNode root) {
        List<Integer> ids = new ArrayList<>();
        root.get("ids").forEach(n -> ids.add(n.asInt()));
        List<String> tokens = new ArrayList<>();
        root.get("tokens").forEach(n -> tokens.add(n.asText()));
        Encoding expected = Tokenizers.load(dir).encode(text);
        assertEquals(expected.tokens(), tokens, text);
        assertEquals(java.util.Arrays.stream(expected.ids()).boxed().toList(), ids, text);
        assertEquals("</s>", tokens.getLast(), text);
    }

    /** 45 pieces (the fixture's vocabulary has 80 rows): specials, '▁', letters, a few words. */
    private static ObjectNode unigramTokenizer() {
        ObjectNode root = Json.object();
        root.putObject("normalizer").put("type", "Precompiled").put("precompiled_charsmap",
                Base64.getEncoder().encodeToString(CharsmapEncoder.encode(Map.of("\uFB01", "fi", "\u2460", "1"))));
        root.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", "\u2581")
                .put("prepend_scheme", "always").put("split", true);
        ObjectNode template = root.putObject("post_processor").put("type", "TemplateProcessing");
        ArrayNode single = template.putArray("single");
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        template.putArray("pair");
        ObjectNode eos = template.putObject("special_tokens").putObject("</s>").put("id", "</s>");
        eos.putArray("ids").add(1);
        eos.putArray("tokens").add("</s>");
        ObjectNode model = root.putObject("model").put("type", "Unigram").put("unk_id", 2).put("byte_fallback", false);
        ArrayNode vocab = model.putArray("vocab");
        vocab.addArray().add("<pad>").add(0.0);
        vocab.addArray().add("</s>").add(0.0);
        vocab.addArray().add("<unk>").add(0.0);
        vocab.addArray().add("\u2581").add(-2.0);
        for (char c = 'a'; c <= 'w'; c++) vocab.addArray().add(String.valueOf(c)).add(-4.0 - (c - 'a') / 10.0);
        for (String word : List.of("the", "cat", "sat", "on", "mat", "fi", "ne", "1", "at")) {
            vocab.addArray().add("\u2581" + word).add(-3.0);
            vocab.addArray().add(word).add(-3.5);
        }
        return root;
    }
}
