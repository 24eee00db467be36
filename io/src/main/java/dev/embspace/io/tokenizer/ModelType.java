package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/** The tokenization model a tokenizer.json declares in {@code model.type}. */
enum ModelType {
    BPE, WORDPIECE, WORDLEVEL, UNIGRAM;

    /**
     * The declared type. Files written by early versions of the library omit "type"; the library
     * then recognises the model by its fields, and so do we.
     */
    static ModelType of(JsonFile json, JsonNode model) {
        JsonNode type = model.get("type");
        if (type == null || type.isNull()) {
            if (model.path("vocab").isArray()) return UNIGRAM;
            if (model.has("merges")) return BPE;
            if (model.has("continuing_subword_prefix") || model.has("max_input_chars_per_word")) return WORDPIECE;
            return WORDLEVEL;
        }
        return switch (json.text(type, "model.type")) {
            case "BPE" -> BPE;
            case "WordPiece" -> WORDPIECE;
            case "WordLevel" -> WORDLEVEL;
            case "Unigram" -> UNIGRAM;
            default -> throw json.error("model.type", "unknown tokenizer model '" + type.textValue()
                    + "' (expected BPE, WordPiece, WordLevel or Unigram)");
        };
    }
}
