package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embspace.engine.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabulariesTest {

    @TempDir
    Path tmp;

    private int rejected;

    @Test
    void realBertTokenizersShareTheBertBaseUncasedVocabulary() {
        TokenVocabulary minilm = Vocabularies.load(RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(0)));
        assertEquals(30522, minilm.size());
        assertEquals(TokenStyle.WORDPIECE, minilm.style());
        assertEquals("[PAD]", minilm.token(0));
        assertEquals("[CLS]", minilm.token(101));
        assertEquals(OptionalInt.of(1996), minilm.id("the"));
        assertEquals("##ing", minilm.readable(minilm.id("##ing").orElseThrow()));
        assertTrue(minilm.isAdded(102));
        assertFalse(minilm.isAdded(1996));
        for (String resource : RealTokenizers.RESOURCES.subList(1, 3)) {
            TokenVocabulary other = Vocabularies.load(RealTokenizers.modelDir(tmp, resource));
            assertEquals(minilm.size(), other.size(), resource);
            for (int id = 0; id < minilm.size(); id++) assertEquals(minilm.token(id), other.token(id), resource);
        }
    }

    @Test
    void theCompactCopyGivesTheSameVocabularyAndFollowsItsSource() throws IOException {
        Path dir = RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(0));
        TokenVocabulary parsed = Vocabularies.load(dir);
        TokenVocabulary first = Vocabularies.loadCached(dir);
        Path compact = dir.resolve(CompactVocabulary.FILE);
        assertTrue(Files.isRegularFile(compact), "the first load leaves the compact copy");
        TokenVocabulary second = Vocabularies.loadCached(dir);
        for (TokenVocabulary v : new TokenVocabulary[] {first, second}) {
            assertEquals(parsed.size(), v.size());
            assertEquals(parsed.style(), v.style());
            for (int id = 0; id < parsed.size(); id++) {
                assertEquals(parsed.token(id), v.token(id));
                assertEquals(parsed.readable(id), v.readable(id));
                assertEquals(parsed.isAdded(id), v.isAdded(id));
                assertEquals(parsed.id(parsed.token(id)), v.id(v.token(id)));
            }
        }
        // a changed tokenizer file makes the copy stale: the file is parsed again
        Path source = dir.resolve("tokenizer.json");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() - 5000));
        assertEquals(null, CompactVocabulary.read(compact, source));
        assertEquals(parsed.size(), Vocabularies.loadCached(dir).size());
        // a damaged copy is ignored, never an error
        Files.write(compact, new byte[] {1, 2, 3});
        assertEquals(parsed.token(1996), Vocabularies.loadCached(dir).token(1996));
    }

    @Test
    void gpt2VocabJsonIsDecodedThroughTheByteAlphabet() throws IOException {
        // "âĢĶ" is the byte-level spelling of the em dash's UTF-8 bytes E2 80 94; "âĢ" is a fragment.
        Path dir = dir("gpt2", "vocab.json", """
                {"!": 0, "the": 1, "Ġthe": 2, "Ċ": 3, "âĢĶ": 4, "âĢ": 5, "ĠĠ": 6, "<|endoftext|>": 7}""");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nĠ t\nĠt he\n");
        TokenVocabulary vocab = Vocabularies.load(dir);
        assertEquals(TokenStyle.BYTE_LEVEL, vocab.style());
        assertEquals(8, vocab.size());
        assertEquals("Ġthe", vocab.token(2));
        assertEquals(" the", vocab.readable(2));
        assertEquals("<0x0A>", vocab.readable(3));
        assertEquals("\u2014", vocab.readable(4));
        assertEquals("<0xE2><0x80>", vocab.readable(5));
        assertEquals("  ", vocab.readable(6));
        assertEquals("<|endoftext|>", vocab.readable(7));
        assertEquals(OptionalInt.of(2), vocab.id("Ġthe"));
        assertEquals(OptionalInt.empty(), vocab.id(" the"));
    }

    @Test
    void byteLevelTokenizerJsonWithAddedTokensBeyondTheModelRange() throws IOException {
        Path dir = dir("bytelevel", "tokenizer.json", """
                {"version": "1.0",
                 "added_tokens": [
                   {"id": 3, "content": "<|endoftext|>", "special": true},
                   {"id": 4, "content": " my new token", "special": false}],
                 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
                 "decoder": {"type": "ByteLevel"},
                 "model": {"type": "BPE", "vocab": {"a": 0, "Ġa": 1, "Ġaa": 2}, "merges": ["Ġ a", "Ġa a"]}}""");
        TokenVocabulary vocab = Vocabularies.load(dir);
        assertEquals(5, vocab.size());
        assertEquals(" aa", vocab.readable(2));
        assertEquals("<|endoftext|>", vocab.readable(3));
        // Added tokens are raw text even in a byte-level file, so their space stays a space.
        assertEquals(" my new token", vocab.readable(4));
        assertTrue(vocab.isAdded(4));
        assertEquals(OptionalInt.of(4), vocab.id(" my new token"));
    }

    @Test
    void sentencePieceTokensShowTheirSpaceMarkerAsASpace() throws IOException {
        Path dir = dir("llama", "tokenizer.json", """
                {"normalizer": {"type": "Sequence", "normalizers": [
                   {"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
                 "added_tokens": [{"id": 0, "content": "<unk>", "special": true}],
                 "model": {"type": "BPE", "byte_fallback": true,
                           "vocab": {"<unk>": 0, "<0x0A>": 1, "▁the": 2, "ing": 3}, "merges": []}}""");
        TokenVocabulary vocab = Vocabularies.load(dir);
        assertEquals(TokenStyle.METASPACE, vocab.style());
        assertEquals(" the", vocab.readable(2));
        assertEquals("ing", vocab.readable(3));
        assertEquals("<0x0A>", vocab.readable(1));
    }

    @Test
    void unigramVocabularyIsAListOfPiecesWithScores() throws IOException {
        Path dir = dir("unigram", "tokenizer.json", """
                {"pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"},
                 "model": {"type": "Unigram", "unk_id": 0,
                           "vocab": [["<unk>", 0.0], ["▁hello", -3.5], ["lo", -7.25]]}}""");
        TokenVocabulary vocab = Vocabularies.load(dir);
        assertEquals(3, vocab.size());
        assertEquals("▁hello", vocab.token(1));
        assertEquals(" hello", vocab.readable(1));
        assertEquals(OptionalInt.of(2), vocab.id("lo"));
    }

    @Test
    void vocabTxtNumbersTokensByLine() throws IOException {
        Path dir = dir("bert", "vocab.txt", "[PAD]\r\nthe\r\n##ing\r\n\t\r\nthe\r\n");
        TokenVocabulary vocab = Vocabularies.load(dir);
        assertEquals(5, vocab.size());
        assertEquals("the", vocab.token(1));
        assertEquals("##ing", vocab.readable(2));
        assertEquals("", vocab.token(3), "a whitespace-only line is an empty token after trimming");
        // A repeated token keeps both ids for id-to-token; token-to-id takes the last line.
        assertEquals("the", vocab.token(4));
        assertEquals(OptionalInt.of(4), vocab.id("the"));
    }

    @Test
    void unusedIdsAreShownAsUnassigned() throws IOException {
        Path dir = dir("holes", "vocab.json", "{\"a\": 0, \"b\": 3}");
        TokenVocabulary vocab = Vocabularies.load(dir);
        assertEquals(4, vocab.size());
        assertEquals("", vocab.token(1));
        assertEquals(TokenVocabulary.UNASSIGNED, vocab.readable(2));
        assertEquals(OptionalInt.of(3), vocab.id("b"));
    }

    @Test
    void tokenizerJsonWinsOverTheOtherFiles() throws IOException {
        Path dir = dir("both", "vocab.txt", "only\n");
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "x": 1}}}""");
        assertEquals(2, Vocabularies.load(dir).size());
    }

    @Test
    void missingTokenizerNamesTheDirectoryAndTheFilesLookedFor() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class, () -> Vocabularies.load(dir));
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
        for (String name : new String[] {"tokenizer.json", "vocab.json", "merges.txt", "vocab.txt"}) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void malformedFilesAreRejectedWithTheFileNamed() throws IOException {
        assertRejected("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0,", "malformed JSON");
        assertRejected("tokenizer.json", "", "empty");
        assertRejected("tokenizer.json", "[1, 2]", "model");
        assertRejected("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}", "vocabulary is empty");
        assertRejected("tokenizer.json", "{\"model\": {\"type\": \"Magic\", \"vocab\": {\"a\": 0}}}", "unknown tokenizer model 'Magic'");
        assertRejected("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"zero\"}}}", "expected an integer");
        assertRejected("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}},"
                + " \"added_tokens\": [{\"content\": \"x\"}]}", "added_tokens[0].id");
        assertRejected("vocab.json", "{\"a\": 0, \"b\": 0}", "token id 0 is given to both 'a' and 'b'");
        assertRejected("vocab.json", "{\"a\": -1}", "negative token id -1");
        assertRejected("vocab.json", "{\"a\": 0, \"b\": 2000000000}", "too many ids unused");
        assertRejected("vocab.json", "{}", "vocabulary is empty");
        assertRejected("vocab.txt", "", "vocabulary is empty");
    }

    @Test
    void vocabTxtThatIsNotUtf8IsRejected() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("latin1"));
        Files.write(dir.resolve("vocab.txt"), new byte[] {'a', '\n', (byte) 0xE9, '\n'});
        BadInputException e = assertThrows(BadInputException.class, () -> Vocabularies.load(dir));
        assertTrue(e.getMessage().contains("vocab.txt") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    private void assertRejected(String name, String content, String problem) throws IOException {
        Path dir = dir("bad" + rejected++, name, content);
        BadInputException e = assertThrows(BadInputException.class, () -> Vocabularies.load(dir), content);
        String message = e.getMessage();
        assertTrue(message.startsWith(dir.resolve(name).toString()), message);
        assertTrue(message.contains(problem), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    private Path dir(String name, String file, String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.write(dir.resolve(file), content.getBytes(StandardCharsets.UTF_8));
        return dir;
    }
}
