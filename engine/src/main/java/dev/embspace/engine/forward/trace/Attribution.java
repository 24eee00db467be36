package dev.embspace.engine.forward.trace;

import java.util.List;

/**
 * Direct logit attribution of one token at one position: the logit E[t] . h (h the final hidden
 * state, after the final norm, unembedding bias left out as the lens does) split into one part per
 * component that writes to the residual stream, with every norm on the way frozen at its value for
 * this input (TransformerLens' decompose_resid / apply_ln_to_stack). Under that convention the
 * parts sum to the logit exactly; norms' and sublayers' biases are parts of their own.
 *
 * @param parts named {@code embed}, {@code pos_embed}, {@code token_type_embed}, {@code L3.head.2},
 *              {@code L3.attn.bias}, {@code L3.ff.907}, {@code L3.ff.bias}, and for norms with a
 *              bias {@code embed_ln.bias}, {@code L3.ln1.bias}, {@code L3.ln2.bias}, {@code final_ln.bias}
 */
public record Attribution(int token, double logit, List<Part> parts) {

    public record Part(String component, double value) {
    }

    public Attribution {
        parts = List.copyOf(parts);
    }

    /** The parts' sum, which equals the logit up to rounding. */
    public double sum() {
        double s = 0;
        for (Part p : parts) s += p.value();
        return s;
    }
}
