package dev.embspace.cli;

import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.PseudoInverseReading;
import dev.embspace.engine.tensor.Matrix;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How parameter vectors are read as tokens: k, the bottom too, which tokens, folded or not. */
final class ProjectionOptions {

    @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "Tokens per vector (default 10; above the vocabulary size, every token).")
    int k;

    @Option(names = "--bottom", description = "Also the k lowest-scoring tokens.")
    boolean bottom;

    @Mixin
    TokenFilterOptions tokens;

    @Option(names = "--fold-ln", description = {"Fold the LayerNorm gain into reading-side vectors (attn.q/k/v,",
            "ff.key, ff.gate) first, as TransformerLens does; writing-side vectors are unchanged."})
    boolean foldLn;

    @Option(names = "--reading", paramLabel = "transpose|pinv", defaultValue = "transpose",
            description = {"How reading-side vectors (ff.key, ff.gate, attn.q/k/v) are read: through E (transpose,",
                    "default) or through the rows of the pseudo-inverse E^+ (pinv, the paper's exact E')."})
    String reading;

    private PseudoInverseReading pinv;

    /** Checks what picocli cannot: a positive k. */
    void validate() {
        Converters.requirePositive("-k", k);
        pinvReading();
    }

    /** -k clamped to the vocabulary once the model is loaded: a larger k lists every token. */
    int k(int vocabulary) {
        return Converters.clampK(k, vocabulary);
    }

    /** True for --reading pinv; anything but transpose or pinv is a usage error. */
    boolean pinvReading() {
        return Converters.pinvReading(reading);
    }

    /** Reading-side vectors mapped for --reading pinv (E^+ computed once per command); others as they are. */
    private Matrix read(Transformer model, VectorKind kind, EmbeddingSide side, Matrix vectors) {
        if (!pinvReading() || !ParameterVectors.reads(kind)) return vectors;
        if (pinv == null) pinv = PseudoInverseReading.of(model.embedding(side));
        return pinv.apply(vectors);
    }

    /** The rows of {@code kind} in {@code layer}, folded when asked. */
    Matrix vectors(Transformer model, int layer, VectorKind kind, EmbeddingSide side) {
        return read(model, kind, side, ParameterVectors.of(model, layer, kind, side, foldLn));
    }

    /** The one vector {@code ref} addresses, folded when asked. */
    Matrix vector(Transformer model, VectorRef ref, EmbeddingSide side) {
        return read(model, ref.kind(), side, ParameterVectors.of(model, ref, side, foldLn));
    }
}
