package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Unigram model and the Precompiled normalizer in T5-like and XLM-R-like tokenizer.json files
 * (see {@link UnigramTokenizers}) against the Hugging Face library on Brown sentences, hostile
 * strings and strings aimed at the charsmap's rules; and malformed charsmaps refused with the file's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnigramParityTest {

    @TempDir
    static Path tmp;

    private List<String> corpus;
    private List<String> vocabularySource;

    @BeforeAll
    void load() {
        corpus = new ArrayList<>(BrownCorpus.sentences(30));
        corpus.addAll(HostileStrings.all());
        corpus.addAll(List.of(
                "\uFB01ne \uFB02ow \u2460\u2460 \u00BD cup x\u00B2 \uFF46\uFF55\uFF4C\uFF4C \uFF46\uFF46 \uFF21BC",
                "caf\u0065\u0301 vs caf\u00E9, \uFF46\u0301 (a grapheme whose prefix is a key) and e\u0301\u0301",
                "zero\u200Bwidth, control\u0001gone, tab\there, ideographic\u3000space, no\u00A0break, wait\u2026",
                "\u00C5ngstr\u00F6m \u212Bngstr\u00F6m A\u030Angstrom", "jazz 777 puzzle ZZZ buzz7z",
                "<unk> and <unk><unk> literally, <s> </s>", "the the the", "\u2581 already marked \u2581\u2581"));
        vocabularySource = BrownCorpus.sentences(7);
    }

    @Test
    void t5LayoutFusesUnknowns() {
        check("unigram-t5", UnigramTokenizers.t5Style(vocabularySource));
    }

    @Test
    void xlmrLayoutWithByteFallback() {
        check("unigram-xlmr", UnigramTokenizers.xlmrStyle(vocabularySource));
    }

    @Test
    void fusedUnknownsKeepTheirTextAndTiesGoToTheFirstPiece() throws IOException {
        // "ab" scores as "a"+"b" exactly: the library keeps the first path to reach a position, and
        // "ab" (from position 0) reaches the end of "ab" before "b" (from position 1) does.
        String json = """
                {"model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
                  "vocab": [["<unk>", 0.0], ["a", -1.0], ["b", -1.0], ["ab", -2.0], ["abc", -2.5], ["c", -0.5]]}}""";
        Path dir = Files.createDirectories(tmp.resolve("tiny"));
        Files.writeString(dir.resolve(TokenizerFiles.TOKENIZER_JSON), json);
        Encoding encoding = Tokenizers.load(dir).encode("xyabcq\uD83D\uDE00ab");
        assertEquals(List.of("xy", "abc", "q\uD83D\uDE00", "ab"), encoding.tokens());
        List<String> texts = List.of("xyabcq\uD83D\uDE00ab", "ab", "abab", "cab", "", "zzz", "a<unk>b");
        TokenizerParityTest.assertParity("unigram-tiny", Tokenizers.load(dir), dir.resolve(TokenizerFiles.TOKENIZER_JSON), texts, texts);
    }

    @Test
    void malformedCharsmapsNameTheFile() throws IOException {
        byte[] good = CharsmapEncoder.encode(UnigramTokenizers.CHARSMAP_RULES);
        int trieBytes = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertRefused(new byte[] {1, 0}, "shorter than its 4-byte header");
        assertRefused(withHeader(good, 6), "not a multiple of 4");
        assertRefused(withHeader(good, 4 * good.length), "exceeds");
        byte[] badPool = good.clone();
        badPool[badPool.length - 2] = (byte) 0xFF;
        assertRefused(badPool, "not UTF-8");
        // A trie whose root sends every byte far past its end: refused when a lookup walks off it.
        byte[] wild = good.clone();
        ByteBuffer.wrap(wild).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0xFFFFFC00);
        Path dir = write("wild", wild);
        Tokenizer tokenizer = Tokenizers.load(dir);
        BadInputException e = assertThrows(BadInputException.class, () -> tokenizer.encode("any text"));
        assertTrue(e.getMessage().startsWith(dir.resolve(TokenizerFiles.TOKENIZER_JSON).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("points past its end"), e.getMessage());
        assertTrue(trieBytes > 0);
    }

    private void assertRefused(byte[] charsmap, String problem) throws IOException {
        Path dir = write("bad-" + problem.hashCode(), charsmap);
        BadInputException e = assertThrows(BadInputException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(TokenizerFiles.TOKENIZER_JSON).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("precompiled_charsmap: malformed") && e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static byte[] withHeader(byte[] charsmap, int trieBytes) {
        byte[] out = charsmap.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(0, trieBytes);
        return out;
    }

    private static Path write(String name, byte[] charsmap) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        String json = "{\"normalizer\": {\"type\": \"Precompiled\", \"precompiled_charsmap\": \""
                + Base64.getEncoder().encodeToString(charsmap) + "\"}, \"model\": {\"type\": \"Unigram\", \"unk_id\": 0,"
                + " \"vocab\": [[\"<unk>\", 0.0], [\"a\", -1.0]]}}";
        Files.writeString(dir.resolve(TokenizerFiles.TOKENIZER_JSON), json);
        return dir;
    }

    private void check(String name, ObjectNode layout) {
        Path dir = SyntheticTokenizers.write(tmp.resolve(name), layout);
        TokenizerParityTest.assertParity(name, Tokenizers.load(dir), dir.resolve(TokenizerFiles.TOKENIZER_JSON), corpus, corpus);
    }

}
