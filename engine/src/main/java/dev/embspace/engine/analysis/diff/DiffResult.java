package dev.embspace.engine.analysis.diff;

import java.util.List;

/**
 * A fine-tuning diff: the requested vectors' changes, the most-changed vectors (by norm of the
 * difference, over all layer kinds), a per-layer summary, and the mean relative change of E's rows.
 */
public record DiffResult(String base, String tuned, List<ChangedVector> requested, List<ChangedVector> mostChanged,
                         List<LayerChange> layers, double embeddingMeanRelativeChange) {

    public DiffResult {
        requested = List.copyOf(requested);
        mostChanged = List.copyOf(mostChanged);
        layers = List.copyOf(layers);
    }
}
