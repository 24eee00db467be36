package dev.embspace.engine.model;

import dev.embspace.engine.UsageException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of one parameter vector, {@code L{layer}.{kind}.{index}} (for example
 * {@code L4.ff.value.100}), {@code emb.{index}} for a token's own row of E, or
 * {@code head.classifier.{class}} for a class's row of a classification head.
 */
public record VectorRef(int layer, VectorKind kind, int index) {

    private static final Pattern LAYERED = Pattern.compile("L(\\d+)\\.([a-z]+(?:\\.[a-z]+)?)\\.(\\d+)");
    private static final Pattern EMBEDDING = Pattern.compile("(?:L\\d+\\.)?emb\\.(\\d+)");
    private static final Pattern CLASSIFIER = Pattern.compile("head\\.classifier\\.(\\d+)");

    public static VectorRef parse(String text) {
        Matcher emb = EMBEDDING.matcher(text);
        if (emb.matches()) return new VectorRef(0, VectorKind.EMB, parseIndex(text, emb.group(1)));
        Matcher head = CLASSIFIER.matcher(text);
        if (head.matches()) return new VectorRef(0, VectorKind.CLASSIFIER, parseIndex(text, head.group(1)));
        Matcher m = LAYERED.matcher(text);
        if (!m.matches()) {
            throw new UsageException("'" + text + "' is not a vector address; expected L{layer}.{kind}.{index}"
                    + " such as L4.ff.value.100, emb.{index} or head.classifier.{class} (kinds: " + VectorKind.labels() + ")");
        }
        VectorKind kind = VectorKind.fromLabel(m.group(2)).orElseThrow(() -> new UsageException(
                "'" + text + "': unknown vector kind '" + m.group(2) + "' (kinds: " + VectorKind.labels() + ")"));
        return new VectorRef(parseIndex(text, m.group(1)), kind, parseIndex(text, m.group(3)));
    }

    private static int parseIndex(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new UsageException("'" + text + "': number " + digits + " is too large");
        }
    }

    @Override
    public String toString() {
        if (kind == VectorKind.EMB || kind == VectorKind.CLASSIFIER) return kind.label() + "." + index;
        return "L" + layer + "." + kind.label() + "." + index;
    }
}
