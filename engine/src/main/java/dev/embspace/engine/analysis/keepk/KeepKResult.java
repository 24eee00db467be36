package dev.embspace.engine.analysis.keepk;

import java.util.List;

/** The keep-k curves of a model: the shared k grid and one curve pair per vector family. */
public record KeepKResult(String model, int vocabularySize, long seed, int[] k, List<KeepKCurve> curves) {

    public KeepKResult {
        curves = List.copyOf(curves);
    }
}
