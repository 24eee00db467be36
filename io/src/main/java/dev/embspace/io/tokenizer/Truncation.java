package dev.embspace.io.tokenizer;

import java.util.List;

/**
 * Cuts a sequence to at most {@code maxLength} tokens, special tokens included: the tokenizer
 * leaves room for those the post-processor will add. {@code keepEnd} keeps the last tokens
 * instead of the first (the library's "Left" direction).
 */
public record Truncation(int maxLength, boolean keepEnd) {

    public Truncation {
        if (maxLength < 0) throw new IllegalArgumentException("negative maximum length " + maxLength);
    }

    /** The tokens that fit beside {@code reserved} special tokens. */
    List<Token> apply(List<Token> tokens, int reserved) {
        int room = Math.max(0, maxLength - reserved);
        if (tokens.size() <= room) return tokens;
        return keepEnd ? tokens.subList(tokens.size() - room, tokens.size()) : tokens.subList(0, room);
    }
}
