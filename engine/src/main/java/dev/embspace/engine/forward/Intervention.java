package dev.embspace.engine.forward;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LM-Debugger's intervention: FF units and attention heads zeroed (ablated) or scaled (amplified)
 * at every position while the forward pass runs. A unit is scaled through its coefficient on its
 * value vector, a head through its z before W_O (TransformerLens' hook_z), so biases are left as
 * they are. With no scalings the pass is untouched, bit for bit.
 */
public record Intervention(List<Scaling> scalings) implements ForwardHook {

    /** What a scaling addresses: an FF unit or a head. */
    public enum Target { FF, HEAD }

    /** One unit or head of one layer multiplied by {@code factor} (0 ablates it). */
    public record Scaling(int layer, Target target, int index, float factor) {

        /** The address as written on the command line: {@code L3.ff.907} or {@code L5.head.2}. */
        public String address() {
            return "L" + layer + "." + target.name().toLowerCase(Locale.ROOT) + "." + index;
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("L(\\d+)\\.(ff|head)\\.(\\d+)");

    public Intervention {
        scalings = List.copyOf(scalings);
    }

    public static Intervention none() {
        return new Intervention(List.of());
    }

    /**
     * Parses {@code --ablate} items ({@code L3.ff.907}, {@code L5.head.2}) and {@code --amplify}
     * items (the same with {@code =FACTOR}).
     *
     * @throws UsageException naming the item that does not parse
     */
    public static Intervention parse(List<String> ablate, List<String> amplify) {
        List<Scaling> scalings = new ArrayList<>();
        for (String item : ablate) scalings.add(scaling(item.trim(), 0f, "--ablate"));
        for (String item : amplify) {
            int eq = item.indexOf('=');
            if (eq < 0) throw new UsageException("--amplify: '" + item + "' has no =FACTOR (e.g. L4.ff.11=4)");
            float factor;
            try {
                factor = Float.parseFloat(item.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--amplify: '" + item + "': the factor is not a number");
            }
            if (!Float.isFinite(factor)) throw new UsageException("--amplify: '" + item + "': the factor is not finite");
            scalings.add(scaling(item.substring(0, eq).trim(), factor, "--amplify"));
        }
        return new Intervention(scalings);
    }

    private static Scaling scaling(String address, float factor, String option) {
        Matcher m = ADDRESS.matcher(address);
        if (!m.matches()) {
            throw new UsageException(option + ": '" + address + "' is not a unit or head (expected L{layer}.ff.{unit} or L{layer}.head.{head})");
        }
        try {
            Target target = m.group(2).equals("ff") ? Target.FF : Target.HEAD;
            return new Scaling(Integer.parseInt(m.group(1)), target, Integer.parseInt(m.group(3)), factor);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + address + "': the number is too large");
        }
    }

    public boolean isEmpty() {
        return scalings.isEmpty();
    }

    /** Rejects layers, units and heads that {@code model} does not have. */
    public Intervention checkedAgainst(Transformer model) {
        for (Scaling s : scalings) {
            if (s.layer() >= model.layers()) {
                throw new UsageException(s.address() + ": the model has layers 0.." + (model.layers() - 1));
            }
            int count = s.target() == Target.FF ? model.block(s.layer()).mlp().units() : model.block(s.layer()).attention().heads();
            if (s.index() >= count) {
                throw new UsageException(s.address() + ": layer " + s.layer() + " has "
                        + (s.target() == Target.FF ? "FF units" : "heads") + " 0.." + (count - 1));
            }
        }
        return this;
    }

    @Override
    public void attentionHeads(int layer, Batch batch, int headDim, float[] z) {
        int width = z.length / Math.max(1, batch.tokens());
        for (Scaling s : scalings) {
            if (s.layer() == layer && s.target() == Target.HEAD) scale(z, width, s, headDim);
        }
    }

    @Override
    public void ffHidden(int layer, Batch batch, float[] hidden) {
        int units = hidden.length / Math.max(1, batch.tokens());
        for (Scaling s : scalings) {
            if (s.layer() == layer && s.target() == Target.FF) scale(hidden, units, s, 1);
        }
    }

    private static void scale(float[] rows, int width, Scaling s, int span) {
        for (int base = 0; base < rows.length; base += width) {
            for (int j = 0; j < span; j++) rows[base + s.index() * span + j] *= s.factor();
        }
    }
}
