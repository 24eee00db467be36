package dev.embspace.engine.analysis.pairs;

import java.util.List;

/** The related-pairs overlaps of a model, with the settings that produced them. */
public record PairsResult(String model, int k, boolean signed, long seed, boolean foldLn, List<LayerOverlap> layers) {

    public PairsResult {
        layers = List.copyOf(layers);
    }
}
