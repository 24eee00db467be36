package dev.embspace.engine.analysis.diff;

import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.Projection;

/**
 * One parameter vector's change, tuned - base: its norm, the norm relative to the base vector
 * (NaN when the base vector is zero), and the tokens the difference promotes (top) and
 * suppresses (bottom).
 */
public record ChangedVector(VectorRef vector, double norm, double relative, Projection projection) {
}
