package dev.embspace.io.probe;

import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.io.data.LabelSet;

/**
 * A trained probe and what it reads: the residual stream of {@code model} after block
 * {@code layer}, pooled by {@code pooling}; class i of {@code head} is {@code labels.name(i)}.
 *
 * @param featureMean the mean of the training features (d), which lets a stitched host's
 *                    translated features be re-centred on them; null when the file has none
 */
public record ProbeHead(String model, int layer, Pooling pooling, LabelSet labels, LinearHead head, float[] featureMean) {

    public ProbeHead {
        if (featureMean != null && featureMean.length != head.dim()) {
            throw new IllegalArgumentException("a feature mean of " + featureMean.length + " for a head on " + head.dim());
        }
        if (labels.size() != head.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for a head of " + head.classes() + " classes");
        }
        if (layer < 0) throw new IllegalArgumentException("negative layer " + layer);
    }
}
