package dev.embspace.io.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.io.safetensors.StrictJson;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines: one object per line with a string {@code text} and a {@code label} that is a string
 * or an integer; other fields are ignored (a converter may record where an example came from).
 * Blank lines are skipped.
 */
final class JsonLinesReader {

    private JsonLinesReader() {
    }

    static LabelledData read(Path file, String content) {
        List<LabelledExample> examples = new ArrayList<>();
        long lineNumber = 0;
        for (String line : content.split("\r?\n", -1)) {
            lineNumber++;
            if (line.isBlank()) continue;
            String where = "line " + lineNumber;
            JsonNode node = StrictJson.readObject(file, line.getBytes(StandardCharsets.UTF_8), where);
            examples.add(ExampleChecks.example(file, lineNumber, text(file, where, node.get("text")),
                    label(file, where, node.get("label"))));
        }
        return new LabelledData(file, examples);
    }

    private static String text(Path file, String where, JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) {
            throw new BadInputException(file, where + ": \"text\" must be a string, found " + StrictJson.kind(node));
        }
        return node.textValue();
    }

    private static String label(Path file, String where, JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return node.textValue();
        if (node.isIntegralNumber()) return node.bigIntegerValue().toString();
        throw new BadInputException(file, where + ": \"label\" must be a string or an integer, found "
                + (node.isNumber() ? "the non-integer " + node.asText() : StrictJson.kind(node)));
    }
}
