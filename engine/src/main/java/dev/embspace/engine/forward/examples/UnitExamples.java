package dev.embspace.engine.forward.examples;

import dev.embspace.engine.model.VectorRef;

import java.util.List;

/**
 * What a corpus says about one FF unit: its top activating contexts, highest activation first
 * (ties to the earlier text, then the earlier position), and the histogram of all its activations.
 *
 * @param unit the unit as it was asked for ({@code L3.ff.key.907} and {@code L3.ff.value.907} name
 *             the same unit and get the same examples)
 */
public record UnitExamples(VectorRef unit, List<ActivatingExample> top, Histogram histogram) {

    public UnitExamples {
        top = List.copyOf(top);
    }
}
