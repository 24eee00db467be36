package dev.embspace.io.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code point between a letter and a digit ("x?1") through our tokenizers and the library.
 * This pins the character classes, the part of a tokenizer most easily subtly wrong: whitespace,
 * controls, punctuation, accents and marks, CJK, and Unicode letters and numbers in GPT-2's regex,
 * including characters newer than the library's own Unicode tables ({@link OldUnicode}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryCharacterParityTest {

    @TempDir
    static Path tmp;

    private List<String> texts;

    /**
     * All assigned code points; Han and Hangul (110,000 characters of two classes) and private use
     * are sampled. Surrogates cannot stand alone.
     */
    @BeforeAll
    void characters() {
        texts = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) continue;
            if (!Character.isDefined(cp) && cp > 0xFFFF) continue;
            if (Character.getType(cp) == Character.PRIVATE_USE && cp % 256 != 0) continue;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if ((script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HANGUL) && cp % 32 != 0) continue;
            texts.add("x" + Character.toString(cp) + "1");
        }
    }

    @Test
    void bertNormalizerAndPreTokenizer() {
        Path bert = RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(1));
        TokenizerParityTest.assertParity("every character, bert", Tokenizers.load(bert),
                bert.resolve(TokenizerFiles.TOKENIZER_JSON), texts, texts);
    }

    @Test
    void gpt2ByteLevelRegex() {
        Path gpt2 = Gpt2Files.tokenizerJson(tmp).resolve(TokenizerFiles.TOKENIZER_JSON);
        TokenizerParityTest.assertParity("every character, gpt2", Tokenizers.load(gpt2.getParent()), gpt2, texts, texts);
    }

    @Test
    void stripAccentsDigitsWhitespaceAndPunctuation() {
        Path bert = RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(2)).resolve(TokenizerFiles.TOKENIZER_JSON);
        Path dir = SyntheticTokenizers.write(tmp.resolve("wordpiece-style"), SyntheticTokenizers.wordPieceStyle(bert));
        TokenizerParityTest.assertParity("every character, wordpiece-style", Tokenizers.load(dir),
                dir.resolve(TokenizerFiles.TOKENIZER_JSON), texts, texts);
    }
}
