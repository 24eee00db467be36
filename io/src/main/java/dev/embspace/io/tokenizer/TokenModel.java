package dev.embspace.io.tokenizer;

import java.util.List;

/**
 * The third stage: turns one pre-tokenized piece into vocabulary tokens (tokenizer.json's "model").
 */
sealed interface TokenModel permits WordPieceModel, BpeModel, WordLevelModel, UnigramModel {

    /** Appends the tokens of {@code word} (never empty) to {@code out}. */
    void tokenize(String word, List<Token> out);
}
