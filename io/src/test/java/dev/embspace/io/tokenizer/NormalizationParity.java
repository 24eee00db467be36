package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * NFC, NFD, NFKC and NFKD against the library on every code point and on Brown sentences. The
 * probe tokenizer is the normalizer alone in front of a byte-fallback BPE whose vocabulary is the
 * 256 byte tokens, so its ids spell the normalized text's UTF-8 bytes. Each code point appears
 * before an acute accent, which it may compose with, reorder with or block, and a mark also after
 * a base letter that composes with many marks: c + U+0301, or "a" + c + U+0301; 64 of them to a
 * text. The forms are split between two test classes to keep each well under 30 s on a shared machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NormalizationParity {

    @TempDir
    static Path tmp;

    private List<String> texts;

    /** All code points but surrogates, undefined ones above the BMP and (sampled) private use, Han and Hangul. */
    @BeforeAll
    void texts() {
        texts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int inText = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) continue;
            if (!Character.isDefined(cp) && cp > 0xFFFF) continue;
            if (Character.getType(cp) == Character.PRIVATE_USE && cp % 256 != 0) continue;
            if (sampled(cp) && cp % 16 != 0) continue;
            if (isMark(cp)) text.append('a');
            text.appendCodePoint(cp).append('\u0301');
            if (++inText == 64) {
                texts.add(text.toString());
                text.setLength(0);
                inText = 0;
            }
        }
        texts.add(text.toString());
        texts.addAll(BrownCorpus.sentences(180));
        texts.addAll(HostileStrings.all());
    }

    /** Marks compose with a preceding base; other characters need none (the previous unit's accent is a mark, not a base). */
    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /**
     * Han ideographs without a decomposition (no mapping, combining class 0, no composition, in any
     * version) and Hangul syllables (decomposed by arithmetic, not tables) are sampled 1 in 16.
     */
    private static boolean sampled(int cp) {
        if (cp >= 0xAC00 && cp <= 0xD7A3) return true;
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                && java.text.Normalizer.isNormalized(Character.toString(cp), java.text.Normalizer.Form.NFKD);
    }

    void check(String form) {
        ObjectNode root = SyntheticTokenizers.base();
        root.putObject("normalizer").put("type", form);
        ObjectNode model = root.putObject("model").put("type", "BPE").put("byte_fallback", true);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < 256; b++) vocab.put(String.format("<0x%02X>", b), b);
        model.putArray("merges");
        Path dir = SyntheticTokenizers.write(tmp.resolve(form), root);
        TokenizerParityTest.assertParity("normalization " + form, Tokenizers.load(dir), dir.resolve(TokenizerFiles.TOKENIZER_JSON), texts, texts);
    }
}
