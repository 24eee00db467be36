package dev.embspace.engine.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The families of parameter vectors, named as the command line writes them. */
public enum VectorKind {
    FF_KEY("ff.key"),
    FF_GATE("ff.gate"),
    FF_VALUE("ff.value"),
    ATTN_Q("attn.q"),
    ATTN_K("attn.k"),
    ATTN_V("attn.v"),
    ATTN_O("attn.o"),
    EMB("emb"),
    /** A class's row of a sequence-classification head (not per layer): {@code head.classifier.{class}}. */
    CLASSIFIER("head.classifier");

    private final String label;

    VectorKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<VectorKind> fromLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(VectorKind::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
