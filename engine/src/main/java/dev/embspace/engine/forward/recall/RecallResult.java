package dev.embspace.engine.forward.recall;

import java.util.List;

/** The experiment's outcome: one entry per layer, over {@code positions} token positions. */
public record RecallResult(int positions, int k, int topUnits, List<LayerRecall> layers) {

    public RecallResult {
        layers = List.copyOf(layers);
    }
}
