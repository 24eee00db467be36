package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry of tokenizer.json's {@code added_tokens}: a string matched in the text before the model
 * sees it ([CLS], "<|endoftext|>", user additions), with the Hugging Face matching options.
 *
 * @param singleWord match only where the token is not inside a word
 * @param lstrip     the match swallows whitespace on its left
 * @param rstrip     the match swallows whitespace on its right
 * @param normalized match in the normalized text rather than the raw input
 * @param special    a special token (control marker rather than text)
 */
record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
                  boolean normalized, boolean special) {

    /**
     * Matching costs the text's length times the longest added token; real ones are markers of a
     * few dozen characters, so this cap keeps matching linear without refusing any real tokenizer.
     */
    static final int MAX_CHARS = 1024;

    static List<AddedToken> readAll(JsonFile json) {
        JsonNode node = json.root().get("added_tokens");
        List<AddedToken> tokens = new ArrayList<>();
        if (node == null || node.isNull()) return tokens;
        json.array(node, "added_tokens");
        for (int i = 0; i < node.size(); i++) {
            String where = "added_tokens[" + i + "]";
            JsonNode entry = json.object(node.get(i), where);
            boolean special = json.bool(entry.get("special"), where + ".special", false);
            String content = json.text(entry.get("content"), where + ".content");
            if (content.length() > MAX_CHARS) {
                throw json.error(where + ".content", "an added token of " + content.length()
                        + " characters; embspace accepts up to " + MAX_CHARS);
            }
            tokens.add(new AddedToken(
                    json.integer(entry.get("id"), where + ".id"),
                    content,
                    json.bool(entry.get("single_word"), where + ".single_word", false),
                    json.bool(entry.get("lstrip"), where + ".lstrip", false),
                    json.bool(entry.get("rstrip"), where + ".rstrip", false),
                    // The library's default: special tokens match raw text, others normalized text.
                    json.bool(entry.get("normalized"), where + ".normalized", !special),
                    special));
        }
        return tokens;
    }
}
