package dev.embspace.engine.model;

import dev.embspace.engine.UsageException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of one parameter vector, {@code L{layer}.{kind}.{index}} (for example
 * {@code L4.ff.value.100}), or {@code emb.{index}} for a token's own row of E.
 */
public record VectorRef(int layer, VectorKind kind, int index) {

    private static final Pattern LAYERED = Pattern.compile("L(\\d+)\\.([a-z]+(?:\\.[a-z]+)?)\\.(\\d+)");
    private static final Pattern EMBEDDING = Pattern.compile("(?:L\\d+\\.)?emb\\.(\\d+)");

    public static VectorRef parse(String text) {
        Matcher emb = EMBEDDING.matcher(text);
        if (emb.matches()) return new VectorRef(0, VectorKind.EMB, parseIndex(text, emb.group(1)));
        Matcher m = LAYERED.matcher(text);
        if (!m.matches()) {
            throw new UsageException("'" + text + "' is not a vector address; expected L{layer}.{kind}.{index}"
                    + " such as L4.ff.value.100, or emb.{index} (kinds: " + VectorKind.labels() + ")");
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
        return kind == VectorKind.EMB ? "emb." + index : "L" + layer + "." + kind.label() + "." + index;
    }
}
