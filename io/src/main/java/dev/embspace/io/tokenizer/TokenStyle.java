package dev.embspace.io.tokenizer;

/**
 * How a model's vocabulary writes its tokens, which decides how they are shown to a person.
 *
 * <p>The readable convention, the same for every style: a word-initial token starts with a real
 * space (" the"), whichever marker the vocabulary stores for it (GPT-2's 'Ġ', SentencePiece's
 * '▁'); WordPiece keeps its "##" continuation marker, because WordPiece marks the other side of
 * the word boundary; bytes that are not text are written {@code <0xE2>} (see {@link ReadableText}).
 * Front ends that print tokens should quote them so the leading space stays visible.
 */
public enum TokenStyle {
    /** GPT-2 style byte-level BPE: every character stands for one byte ({@link ByteLevelAlphabet}). */
    BYTE_LEVEL {
        @Override
        String readable(String token) {
            return ReadableText.ofBytes(ByteLevelAlphabet.decode(token));
        }
    },
    /** SentencePiece style: '▁' (U+2581) stands for a space. */
    METASPACE {
        @Override
        String readable(String token) {
            return ReadableText.of(token.replace(METASPACE_CHAR, ' '));
        }
    },
    /** WordPiece: tokens are plain text, "##" marks a continuation and stays visible. */
    WORDPIECE {
        @Override
        String readable(String token) {
            return ReadableText.of(token);
        }
    },
    /** Plain text tokens with no marker convention. */
    PLAIN {
        @Override
        String readable(String token) {
            return ReadableText.of(token);
        }
    };

    static final char METASPACE_CHAR = '\u2581';

    /** The token as a person should see it. */
    abstract String readable(String token);
}
