package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embspace.engine.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {

    @TempDir
    Path tmp;

    private int dirs;

    @Test
    void realMiniLmTokenizerEncodesWithSpecialTokensAndTruncates() {
        Tokenizer tokenizer = Tokenizers.load(RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(0)));
        Encoding encoding = tokenizer.encode("Hello, naïve World!");
        assertEquals(List.of("[CLS]", "hello", ",", "naive", "world", "!", "[SEP]"), encoding.tokens());
        assertArrayEquals(new int[] {101, 7592, 1010, 15743, 2088, 999, 102}, encoding.ids());
        assertArrayEquals(new int[7], encoding.typeIds());
        assertEquals(128, tokenizer.truncation().maxLength());
        assertEquals(128, tokenizer.encode("word ".repeat(500)).size());
        assertEquals(10, tokenizer.withMaxLength(10).encode("word ".repeat(500)).size());
        assertEquals(502, tokenizer.withoutTruncation().encode("word ".repeat(500)).size());
        assertEquals(tokenizer.encodeBatch(List.of("a b", "", "c")),
                List.of(tokenizer.encode("a b"), tokenizer.encode(""), tokenizer.encode("c")));
    }

    @Test
    void unpairedSurrogatesAreReplacedOneByOne() {
        assertEquals("a\uFFFDb", Tokenizer.replaceUnpairedSurrogates("a\uD800b"));
        assertEquals("\uFFFD\uD83D\uDE00\uFFFD", Tokenizer.replaceUnpairedSurrogates("\uDC00\uD83D\uDE00\uD83D"));
        String valid = "plain 😀 text";
        assertTrue(valid == Tokenizer.replaceUnpairedSurrogates(valid), "valid text is returned as is");
    }

    @Test
    void vocabTxtReadsDoLowerCaseFromTokenizerConfig() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cased"));
        Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nHello\nhello\n");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertEquals(List.of("[CLS]", "Hello", "hello", "[SEP]"), Tokenizers.load(dir).encode("Hello hello").tokens());
        Files.delete(dir.resolve("tokenizer_config.json"));
        assertEquals(List.of("[CLS]", "hello", "hello", "[SEP]"), Tokenizers.load(dir).encode("Hello hello").tokens());
    }

    @Test
    void unsupportedOrBrokenPipelinesAreRejectedWithTheFileAndPlaceNamed() throws IOException {
        String wordPiece = "\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"a\": 1}}";
        assertRejected("{\"normalizer\": {\"type\": \"Precompiled\", \"precompiled_charsmap\": \"\"}, " + wordPiece + "}",
                "normalizer.precompiled_charsmap: malformed (shorter than its 4-byte header)");
        assertRejected("{\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"(\"}, \"behavior\": \"Isolated\"}, "
                + wordPiece + "}", "pre_tokenizer.pattern.Regex: invalid regular expression");
        assertRejected("{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"UnicodeScripts\"}]}, "
                + wordPiece + "}", "pre_tokenizer.pretokenizers[0].type: 'UnicodeScripts' is not supported");
        assertRejected("{\"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": "
                + "{\"id\": \"[CLS]\", \"type_id\": 0}}], \"special_tokens\": {}}, " + wordPiece + "}",
                "post_processor.special_tokens[\"[CLS]\"]: expected an object");
        assertRejected("{\"truncation\": {\"max_length\": 8, \"strategy\": \"OnlySecond\"}, " + wordPiece + "}",
                "truncation.strategy: OnlySecond");
        assertRejected("{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", 0.0]], \"unk_id\": 3}}",
                "model.unk_id: 3 is outside the vocabulary of 1 pieces");
        assertRejected("{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\"]]}}", "model.vocab[0]: expected [piece, score]");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a\"]}}",
                "model.merges[0]: expected two symbols");
    }

    @Test
    void gpt2NeedsMergesBesideTheVocabulary() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("no-merges"));
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
        assertEquals(1, Vocabularies.load(dir).size(), "the vocabulary alone still loads for projections");
        BadInputException e = assertThrows(BadInputException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("merges.txt") + ": no such file"), e.getMessage());
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na\n");
        e = assertThrows(BadInputException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().contains("merges.txt: line 2: expected two symbols"), e.getMessage());
    }

    private void assertRejected(String json, String problem) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad" + dirs++));
        Files.writeString(dir.resolve("tokenizer.json"), json);
        BadInputException e = assertThrows(BadInputException.class, () -> Tokenizers.load(dir), json);
        assertTrue(e.getMessage().startsWith(dir.resolve("tokenizer.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
