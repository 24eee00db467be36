package dev.embspace.engine.analysis.align;

import java.util.List;

/** The alignment of model A with model B, one entry per parameter kind. */
public record AlignResult(String modelA, String modelB, boolean foldLn, List<KindAlignment> kinds) {

    public AlignResult {
        kinds = List.copyOf(kinds);
    }
}
