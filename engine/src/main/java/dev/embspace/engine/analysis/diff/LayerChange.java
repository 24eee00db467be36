package dev.embspace.engine.analysis.diff;

import dev.embspace.engine.model.VectorKind;

import java.util.Map;

/**
 * How much one layer moved: per kind, the mean over its vectors of ||tuned - base|| / ||base||
 * (vectors that are zero in the base are left out of the mean).
 */
public record LayerChange(int layer, Map<VectorKind, Double> meanRelativeChange) {

    public LayerChange {
        meanRelativeChange = Map.copyOf(meanRelativeChange);
    }
}
