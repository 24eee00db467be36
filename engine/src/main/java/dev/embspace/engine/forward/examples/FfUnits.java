package dev.embspace.engine.forward.examples;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FF units as the examples scan names them. Unit i of layer l is one neuron: its key (and gate) read
 * the residual stream, its value v_i is written with the activation as coefficient. So
 * {@code L3.ff.key.907}, {@code L3.ff.gate.907}, {@code L3.ff.value.907} and the short
 * {@code L3.ff.907} all name the same unit.
 */
public final class FfUnits {

    private static final Set<VectorKind> FF_KINDS = Set.of(VectorKind.FF_KEY, VectorKind.FF_GATE, VectorKind.FF_VALUE);
    private static final Pattern SHORT = Pattern.compile("L(\\d{1,9})\\.ff\\.(\\d{1,9})");

    private FfUnits() {
    }

    /**
     * Parses a unit: {@code L{l}.ff.{i}} (read as {@code L{l}.ff.value.{i}}) or any ff vector address.
     *
     * @throws IllegalArgumentException naming {@code text} when it is not an FF unit
     */
    public static VectorRef parse(String text) {
        Matcher m = SHORT.matcher(text);
        if (m.matches()) return new VectorRef(Integer.parseInt(m.group(1)), VectorKind.FF_VALUE, Integer.parseInt(m.group(2)));
        VectorRef ref;
        try {
            ref = VectorRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw notAUnit(text);
        }
        if (!FF_KINDS.contains(ref.kind())) throw notAUnit(text);
        return ref;
    }

    /** Checks that {@code unit} is an FF unit that exists in {@code model} (UsageException if not). */
    public static void validate(Transformer model, VectorRef unit) {
        if (!FF_KINDS.contains(unit.kind())) throw notAUnit(unit.toString());
        model.vector(unit, EmbeddingSide.INPUT);
    }

    /** Every unit of layers [from, to], layer by layer, named by their values. */
    public static List<VectorRef> ofLayers(Transformer model, int from, int to) {
        if (from > to) throw new IllegalArgumentException("layers " + from + ".." + to + " are empty");
        List<VectorRef> units = new ArrayList<>();
        for (int l = from; l <= to; l++) {
            int n = model.block(l).mlp().units();
            for (int i = 0; i < n; i++) units.add(new VectorRef(l, VectorKind.FF_VALUE, i));
        }
        return units;
    }

    private static UsageException notAUnit(String text) {
        return new UsageException("'" + text + "' is not an FF unit; expected L{layer}.ff.{index},"
                + " L{layer}.ff.key.{index} or L{layer}.ff.value.{index} (ff.gate too, for gated MLPs)");
    }
}
