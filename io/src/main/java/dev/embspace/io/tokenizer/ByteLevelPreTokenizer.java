package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's pre-tokenization: optionally a leading space, then GPT-2's word regex (contractions,
 * runs of letters, of digits, of other symbols, each with at most one leading space; whitespace
 * runs), then every piece spelled in the byte alphabet ({@link ByteLevelAlphabet}), so the model
 * sees bytes and no character is ever unknown.
 */
record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {

    /** GPT-2's pattern, as published with the model and used verbatim by the library. */
    static final TextPattern GPT2_WORDS = TextPattern.regex(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", "GPT-2's word pattern");

    @Override
    public void preTokenize(Piece piece, List<Piece> out) {
        Piece prefixed = addPrefixSpace && !piece.text().startsWith(" ") ? piece.withText(" " + piece.text()) : piece;
        List<Piece> words = new ArrayList<>();
        if (useRegex) {
            SplitBehavior.ISOLATED.split(prefixed, GPT2_WORDS.spans(prefixed.text()), words);
        } else if (!prefixed.text().isEmpty()) {
            words.add(prefixed);
        }
        for (Piece word : words) out.add(word.withText(ByteLevelAlphabet.encode(word.text())));
    }
}
