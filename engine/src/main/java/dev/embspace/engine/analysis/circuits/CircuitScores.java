package dev.embspace.engine.analysis.circuits;

import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Transformer;

/**
 * The static circuit scores of a model: each head's OV copying score and the composition scores
 * between heads, with the convention they were computed under.
 *
 * @param copying     copying[layer][head], in [-1, 1]
 * @param composition Q, K and V composition between heads of different layers
 * @param convention  what the numbers mean, in words (stored with results so they can be compared)
 */
public record CircuitScores(String model, boolean foldLn, String convention, double[][] copying,
                            CompositionScores.Scores composition) {

    public static CircuitScores compute(Transformer model, boolean foldLn, Progress progress) {
        return new CircuitScores(model.name(), foldLn, convention(foldLn),
                CopyingScores.compute(model, foldLn, progress), CompositionScores.compute(model, foldLn, progress));
    }

    static String convention(boolean foldLn) {
        return "TransformerLens row-vector convention: W_OV = W_V W_O, W_QK = W_Q W_K^T; copying from the "
                + "eigenvalues of W_E W_OV W_U (input embedding, unembedding); composition ||W_A W_B||_F / "
                + "(||W_A||_F ||W_B||_F) with W_A the earlier head's W_OV; "
                + (foldLn ? "LayerNorm gains folded into W_Q, W_K, W_V and W_U; norm biases and centering not applied"
                          : "weights as stored (LayerNorm gains not folded)");
    }
}
