package dev.embspace.io.data;

import dev.embspace.engine.BadInputException;

import java.nio.file.Path;

/** The per-example rules both formats share, with the same messages. */
final class ExampleChecks {

    private ExampleChecks() {
    }

    static LabelledExample example(Path file, long line, String text, String label) {
        if (text == null) throw new BadInputException(file, "line " + line + ": missing text");
        if (text.isBlank()) throw new BadInputException(file, "line " + line + ": empty text");
        if (label == null) throw new BadInputException(file, "line " + line + ": missing label");
        String trimmed = label.strip();
        if (trimmed.isEmpty()) throw new BadInputException(file, "line " + line + ": missing label (the label is empty)");
        return new LabelledExample(text, trimmed, line);
    }
}
