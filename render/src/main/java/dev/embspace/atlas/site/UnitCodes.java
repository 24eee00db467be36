package dev.embspace.atlas.site;

import dev.embspace.engine.model.VectorKind;

import java.util.List;

/**
 * One int per FF vector of the model, so that token index files can list units compactly:
 * {@code code = (layer * kinds + kind) * units + index}. The pages decode it the same way
 * (atlas.js, {@code Atlas.unit}).
 */
public record UnitCodes(List<VectorKind> kinds, int units) {

    public UnitCodes {
        kinds = List.copyOf(kinds);
    }

    public int code(int layer, int kind, int index) {
        return (layer * kinds.size() + kind) * units + index;
    }

    public List<String> labels() {
        return kinds.stream().map(VectorKind::label).toList();
    }
}
