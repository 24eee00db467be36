package dev.embspace.io.onnx;

import java.io.IOException;
import java.nio.file.Path;

/** Access to the generated BERT export for tests outside this package. */
public final class TinyBertExports {

    private TinyBertExports() {
    }

    /** Writes a small BERT encoder export (2 layers, d 8, 2 heads) to {@code file}. */
    public static Path write(Path file) throws IOException {
        return new TinyBertExport().write(file);
    }
}
