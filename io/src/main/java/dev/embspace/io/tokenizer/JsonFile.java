package dev.embspace.io.tokenizer;

import dev.embspace.io.UserFiles;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.BadInputException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A parsed JSON tokenizer file and the checked accessors its readers share, so that every shape
 * error names the file and the place in it ("model.vocab", "added_tokens[3].id").
 */
record JsonFile(Path path, JsonNode root) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonFile read(Path path) {
        try {
            JsonNode root = JSON.readTree(UserFiles.readAllBytes(path, UserFiles.MAX_TOKENIZER_BYTES, "the tokenizer file"));
            if (root == null || root.isMissingNode()) throw new BadInputException(path, "the file is empty");
            return new JsonFile(path, root);
        } catch (JacksonException e) {
            throw new BadInputException(path, "malformed JSON: " + e.getOriginalMessage()
                    + location(e), e);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path, "no such file", e);
        } catch (IOException e) {
            throw new BadInputException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    BadInputException error(String where, String problem) {
        return new BadInputException(path, where + ": " + problem);
    }

    JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) throw error(where, "expected an object, found " + kind(node));
        return node;
    }

    JsonNode array(JsonNode node, String where) {
        if (node == null || !node.isArray()) throw error(where, "expected an array, found " + kind(node));
        return node;
    }

    String text(JsonNode node, String where) {
        if (node == null || !node.isTextual()) throw error(where, "expected a string, found " + kind(node));
        return node.textValue();
    }

    int integer(JsonNode node, String where) {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error(where, "expected an integer, found " + kind(node));
        }
        return node.intValue();
    }

    double number(JsonNode node, String where) {
        if (node == null || !node.isNumber()) throw error(where, "expected a number, found " + kind(node));
        return node.doubleValue();
    }

    boolean bool(JsonNode node, String where, boolean absent) {
        if (node == null || node.isNull()) return absent;
        if (!node.isBoolean()) throw error(where, "expected true or false, found " + kind(node));
        return node.booleanValue();
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isNull()) return "null";
        if (node.isTextual()) return "a string";
        if (node.isNumber()) return "a number " + node.asText();
        if (node.isBoolean()) return "a boolean";
        if (node.isArray()) return "an array";
        return "an object";
    }
}
