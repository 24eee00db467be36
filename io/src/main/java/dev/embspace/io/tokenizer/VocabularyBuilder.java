package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Collects (token, id) pairs from a tokenizer file and checks them: ids are non-negative, one id
 * never names two different model tokens, and the ids leave few gaps (a stray huge id would
 * otherwise make a vocabulary of billions of empty slots).
 */
final class VocabularyBuilder {

    /** Unused ids tolerated beyond the token count before the ids are judged corrupt. */
    private static final int SLACK = 1024;

    private final Path file;
    private final Map<Integer, String> byId = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final BitSet added = new BitSet();
    private int maxId = -1;

    VocabularyBuilder(Path file) {
        this.file = file;
    }

    /** A model token. Two tokens claiming one id is an error. */
    VocabularyBuilder model(String token, int id) {
        String previous = claim(token, id);
        if (previous != null && !previous.equals(token)) {
            throw new BadInputException(file, "token id " + id + " is given to both " + quote(previous)
                    + " and " + quote(token));
        }
        ids.put(token, id);
        return this;
    }

    /**
     * An entry of a line-per-token file (vocab.txt), where the id is the line number. A repeated
     * token keeps every line's id for id-to-token, and the last line for token-to-id, as the Hugging
     * Face readers do.
     */
    VocabularyBuilder line(String token, int id) {
        claim(token, id);
        ids.put(token, id);
        return this;
    }

    /**
     * An added token (tokenizer.json's added_tokens). It may reuse a model token's id (BERT's
     * [CLS]) or extend the id range; where it renames an id, the added content wins, as in the
     * Hugging Face library where added tokens are looked up first.
     */
    VocabularyBuilder added(String content, int id) {
        String previous = claim(content, id);
        if (previous != null && !previous.equals(content)) ids.remove(previous, id);
        ids.put(content, id);
        added.set(id);
        return this;
    }

    TokenVocabulary build(TokenStyle style) {
        if (byId.isEmpty()) throw new BadInputException(file, "the vocabulary is empty");
        if (maxId >= 2L * byId.size() + SLACK) {
            throw new BadInputException(file, "token id " + maxId + " (" + quote(byId.get(maxId))
                    + ") leaves too many ids unused: the file has only " + byId.size() + " tokens");
        }
        String[] tokens = new String[maxId + 1];
        byId.forEach((id, token) -> tokens[id] = token);
        return new TokenVocabulary(tokens, ids, added, style);
    }

    /** Records {@code token} under {@code id} and returns the token that held the id before. */
    private String claim(String token, int id) {
        if (id < 0) throw new BadInputException(file, "negative token id " + id + " for " + quote(token));
        maxId = Math.max(maxId, id);
        return byId.put(id, token);
    }

    private static String quote(String token) {
        return "'" + ReadableText.of(token) + "'";
    }
}
