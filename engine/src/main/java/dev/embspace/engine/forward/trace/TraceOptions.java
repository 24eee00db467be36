package dev.embspace.engine.forward.trace;

import java.util.function.IntPredicate;

/**
 * What a trace reads at each position.
 *
 * @param k        tokens per reading
 * @param updates  FF sub-updates kept per layer
 * @param allowed  which token ids readings may return (null: all)
 * @param lensOnly only the lens (the "before" side of an intervention)
 */
public record TraceOptions(int k, int updates, IntPredicate allowed, boolean lensOnly) {

    public TraceOptions {
        if (k < 0 || updates < 0) throw new IllegalArgumentException("k and updates must be >= 0");
    }

    public TraceOptions onlyLens() {
        return new TraceOptions(k, updates, allowed, true);
    }
}
