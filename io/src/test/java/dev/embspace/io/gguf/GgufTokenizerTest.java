package dev.embspace.io.gguf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;
import dev.embspace.io.tokenizer.Tokenizers;
import dev.embspace.engine.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tokenizers in tokenizer.ggml.*: GPT-2's byte-level BPE and Llama's SentencePiece. */
class GgufTokenizerTest {

    @TempDir
    Path tmp;

    @Test
    void gpt2GgufTokenizesLikeItsTokenizerJson() throws IOException {
        TestCheckpoint c = TestModels.gpt2(tmp.resolve("hf"));
        Path gguf = GgufFixtures.gpt2(c, DType.F32, tmp.resolve("gpt2.gguf"));
        sameEncodings(Tokenizers.load(c.dir()), Tokenizers.load(gguf));
    }

    /** Byte-level BPE with real merges: every byte, then merged pieces, as GPT-2's files hold them. */
    @Test
    void byteLevelMergesMatchTokenizerJson() throws IOException {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) tokens.add(byteLevel(b));
        String[][] merges = {{"\u0120", "t"}, {"h", "e"}, {"\u0120t", "he"}, {"t", "h"}, {"th", "e"}, {"\u0120", "w"},
                {"o", "r"}, {"\u0120w", "or"}, {"\u0120wor", "d"}, {"e", "r"}, {"\u0120", "h"}, {"o", "t"}};
        for (String[] m : merges) tokens.add(m[0] + m[1]);
        tokens.add("<|endoftext|>");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0").putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens").addObject().put("id", tokens.size() - 1).put("content", "<|endoftext|>")
                .put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                .put("use_regex", true);
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false).put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) vocab.put(tokens.get(i), i);
        var mergeArray = model.putArray("merges");
        String[] mergeLines = new String[merges.length];
        for (int i = 0; i < merges.length; i++) {
            mergeArray.add(merges[i][0] + " " + merges[i][1]);
            mergeLines[i] = merges[i][0] + " " + merges[i][1];
        }
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("bpe"));
        json.writeValue(dir.resolve("tokenizer.json").toFile(), root);

        int[] types = new int[tokens.size()];
        java.util.Arrays.fill(types, 1);
        types[tokens.size() - 1] = 3;
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "gpt2").put("tokenizer.ggml.model", "gpt2").put("tokenizer.ggml.pre", "gpt-2")
                .put("tokenizer.ggml.tokens", tokens.toArray(String[]::new)).put("tokenizer.ggml.token_type", types)
                .put("tokenizer.ggml.merges", mergeLines);
        Tokenizer fromJson = Tokenizers.load(dir);
        Tokenizer fromGguf = Tokenizers.load(w.write(tmp.resolve("bpe.gguf")));
        sameEncodings(fromJson, fromGguf);
        // "h e" outranks "t h", and "\u0120 h" outranks "o t", so neither "the" nor "\u0120hot" forms
        assertEquals(List.of("t", "he", "\u0120word", "\u0120h", "ot", "<|endoftext|>"), fromGguf.encode("the word hot<|endoftext|>").tokens());
    }

    private static void sameEncodings(Tokenizer expected, Tokenizer actual) {
        for (String text : List.of("the time of the long word", " what,  how?! ", "", "<|endoftext|>the<|endoftext|>",
                "caf\u00e9 \u2014 \ud83d\ude00 \u0000\t\n", "hot word1 word2 of1", "other there their")) {
            Encoding a = expected.encode(text), b = actual.encode(text);
            assertArrayEquals(a.ids(), b.ids(), text);
            assertEquals(a.tokens(), b.tokens(), text);
        }
    }

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest from U+0100 on. */
    private static String byteLevel(int b) {
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) return String.valueOf((char) b);
        int n = 0;
        for (int i = 0; i < b; i++) {
            if (!((i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF))) n++;
        }
        return String.valueOf((char) (256 + n));
    }

    /** A hand-checked SentencePiece vocabulary: merges ranked by piece score, byte fallback, fused unknowns, BOS. */
    @Test
    void llamaSentencePieceWithScoresAndByteFallback() throws IOException {
        String[] tokens = {"<unk>", "<s>", "</s>", "<0xC3>", "<0xBC>", "\u2581", "t", "h", "e", "u", "\u2581t", "he",
                "\u2581the", "\u2581h"};
        int[] types = {2, 3, 3, 6, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        float[] scores = {0, 0, 0, 0, 0, -1, -2, -3, -4, -5, -6, -7, -8, -9};
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "llama").put("tokenizer.ggml.model", "llama").put("tokenizer.ggml.tokens", tokens)
                .put("tokenizer.ggml.token_type", types).put("tokenizer.ggml.scores", scores)
                .put("tokenizer.ggml.bos_token_id", 1).put("tokenizer.ggml.unknown_token_id", 0);
        Tokenizer t = Tokenizers.load(w.write(tmp.resolve("spm.gguf")));
        assertEquals(List.of("<s>", "\u2581the", "\u2581h", "u", "t"), t.encode("the hut").tokens());
        assertArrayEquals(new int[] {1, 12, 13, 9, 6}, t.encode("the hut").ids());
        assertEquals(List.of("<s>", "\u2581", "<0xC3>", "<0xBC>"), t.encode("\u00fc").tokens());
        assertEquals(List.of("<s>", "\u2581", "<unk>"), t.encode("xy").tokens());
        w.put("tokenizer.ggml.add_bos_token", false);
        assertEquals(List.of("\u2581the"), Tokenizers.load(w.write(tmp.resolve("nobos.gguf"))).encode("the").tokens());
    }
}
