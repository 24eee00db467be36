package dev.embspace.engine.vocab;

import java.util.OptionalInt;

/**
 * The model's vocabulary: id to token string and back. {@link #token(int)} is the string as the
 * tokenizer stores it (GPT-2 byte-level "Ġthe", WordPiece "##ing"); {@link #readable(int)} is what a
 * person should see (" the", "##ing" kept visible as a continuation marker, bytes decoded).
 */
public interface Vocabulary {

    int size();

    String token(int id);

    OptionalInt id(String token);

    String readable(int id);
}
