package dev.embspace.io.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.embspace.engine.BadInputException;

import java.nio.file.Path;

/**
 * Parses checkpoint JSON (safetensors headers, shard indexes) strictly: a duplicated key or text after
 * the document is an error, because either makes the file mean two things, and Jackson would
 * otherwise silently keep the last duplicate.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** The JSON object in {@code bytes}; {@code what} names the part of {@code file} for errors ("header"). */
    public static JsonNode readObject(Path file, byte[] bytes, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            // The original message leaves out Jackson's multi-line source excerpt.
            throw new BadInputException(file, what + " is not valid JSON: " + e.getOriginalMessage().strip());
        } catch (java.io.IOException e) {
            throw new BadInputException(file, what + " cannot be parsed: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new BadInputException(file, what + " is empty");
        if (!root.isObject()) {
            throw new BadInputException(file, what + " must be a JSON object, found " + kind(root));
        }
        return root;
    }

    /** A JSON node's kind in words, for errors ("an array", "a string"). */
    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY -> "binary data";
            case MISSING -> "nothing";
        };
    }
}
