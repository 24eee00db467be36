package dev.embspace.io.tokenizer;

import dev.embspace.engine.vocab.Vocabulary;
import java.util.BitSet;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A vocabulary read from a tokenizer file: tokens by id, ids by token, and the {@link TokenStyle}
 * that says how to show them. Ids that no token claims (a file may skip some) are "unassigned":
 * their token is the empty string and no string maps to them. Build one with {@link VocabularyBuilder}.
 */
public final class TokenVocabulary implements Vocabulary {

    /** What {@link #readable(int)} shows for an id that no token claims. */
    public static final String UNASSIGNED = "<unassigned>";

    private final String[] tokens;
    private final Map<String, Integer> ids;
    private final BitSet added;
    private final TokenStyle style;

    TokenVocabulary(String[] tokens, Map<String, Integer> ids, BitSet added, TokenStyle style) {
        this.tokens = tokens;
        this.ids = Map.copyOf(ids);
        this.added = (BitSet) added.clone();
        this.style = style;
    }

    @Override
    public int size() {
        return tokens.length;
    }

    @Override
    public String token(int id) {
        String token = tokens[checkId(id)];
        return token == null ? "" : token;
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String readable(int id) {
        String token = tokens[checkId(id)];
        if (token == null) return UNASSIGNED;
        // Added tokens ("<|endoftext|>", "[CLS]") are stored as plain text even in byte-level files.
        return added.get(id) ? ReadableText.of(token) : style.readable(token);
    }

    /** How the model's own tokens are written. */
    public TokenStyle style() {
        return style;
    }

    /** True for tokens declared in the tokenizer's added_tokens rather than by the model. */
    public boolean isAdded(int id) {
        return added.get(checkId(id));
    }

    /** The tokens by id (null where unassigned), for {@link CompactVocabulary}; not a copy. */
    String[] tokens() {
        return tokens;
    }

    Map<String, Integer> ids() {
        return ids;
    }

    BitSet added() {
        return added;
    }

    private int checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IndexOutOfBoundsException("token id " + id + " outside the vocabulary of " + tokens.length);
        }
        return id;
    }
}
