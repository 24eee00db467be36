package dev.embspace.io.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * A text as the model reads it: token ids, their vocabulary strings, and their segment (token
 * type) ids, special tokens included as the tokenizer adds them.
 */
public record Encoding(int[] ids, List<String> tokens, int[] typeIds) {

    public Encoding {
        if (ids.length != tokens.size() || ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids, tokens and type ids differ in length: "
                    + ids.length + ", " + tokens.size() + ", " + typeIds.length);
        }
        ids = ids.clone();
        tokens = List.copyOf(tokens);
        typeIds = typeIds.clone();
    }

    /** Tokens of one sequence, all of segment 0. */
    static Encoding of(List<Token> sequence) {
        int[] ids = sequence.stream().mapToInt(Token::id).toArray();
        return new Encoding(ids, sequence.stream().map(Token::value).toList(), new int[ids.length]);
    }

    public int size() {
        return ids.length;
    }

    /** The id at {@code index}, without copying the array as {@link #ids()} does. */
    public int id(int index) {
        return ids[index];
    }

    /** The type id at {@code index}. */
    public int typeId(int index) {
        return typeIds[index];
    }

    /** A copy of the ids. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] typeIds() {
        return typeIds.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Encoding e && Arrays.equals(ids, e.ids) && tokens.equals(e.tokens)
                && Arrays.equals(typeIds, e.typeIds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Encoding" + tokens + Arrays.toString(ids);
    }
}
