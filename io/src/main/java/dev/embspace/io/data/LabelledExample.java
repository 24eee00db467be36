package dev.embspace.io.data;

/**
 * One text and its class label. Integer labels in a file are kept as their decimal string, so a
 * label is always a name; {@code line} is where the example starts in its file (1-based), kept so
 * that a later check (an unknown label in a test set) can still point at it.
 */
public record LabelledExample(String text, String label, long line) {
}
