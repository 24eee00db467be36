package dev.embspace.engine.analysis.align;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.VectorKind;

import java.util.List;

/**
 * Options of the alignment of two models.
 *
 * @param kinds  the parameter kinds to align (default: the six of {@link #DEFAULT_KINDS})
 * @param raw    also compute the feature-space baseline (only where the widths agree)
 * @param foldLn fold LayerNorm gains into the reading-side vectors of both models first
 * @param side   which embedding plays E in both models
 */
public record AlignOptions(List<VectorKind> kinds, boolean raw, boolean foldLn, EmbeddingSide side) {

    public static final List<VectorKind> DEFAULT_KINDS = List.of(VectorKind.FF_KEY, VectorKind.FF_VALUE,
            VectorKind.ATTN_Q, VectorKind.ATTN_K, VectorKind.ATTN_V, VectorKind.ATTN_O);

    public AlignOptions {
        kinds = List.copyOf(kinds == null || kinds.isEmpty() ? DEFAULT_KINDS : kinds);
        if (kinds.contains(VectorKind.EMB)) {
            throw new UsageException("--params: emb has no layers to align; choose among the layer kinds");
        }
        if (side == null) side = EmbeddingSide.OUTPUT;
    }

    public static AlignOptions defaults() {
        return new AlignOptions(DEFAULT_KINDS, true, false, EmbeddingSide.OUTPUT);
    }
}
