package dev.embspace.engine.forward.recall;

import dev.embspace.engine.model.VectorKind;

import java.util.Map;

/**
 * One layer's figures, per kind of parameter vector: {@code ff.key} and {@code ff.value} of the
 * most activated FF units, {@code attn.v} and {@code attn.o} of the most activated attention head
 * dimensions; against this layer's own output hidden state and against the last layer's.
 */
public record LayerRecall(int layer, Map<VectorKind, RecallScore> againstLayer, Map<VectorKind, RecallScore> againstLast) {

    public LayerRecall {
        againstLayer = Map.copyOf(againstLayer);
        againstLast = Map.copyOf(againstLast);
    }
}
