package dev.embspace.engine.forward.trace;

import dev.embspace.engine.forward.ForwardHook.Point;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * The norms a write to the residual stream passes through on its way to the output, frozen at one
 * position ({@link FrozenNorm}). For a pre-norm decoder that is only the final norm (the blocks'
 * own norms sit inside the sublayers, on their inputs); for BERT's post-norm blocks it is the
 * embedding LayerNorm, then both LayerNorms of the writing block and of every block above it.
 * With the norms frozen the path is linear, so a part written anywhere has one reading vector
 * there, and the logit is the sum over parts of part . reading plus the norms' biases.
 */
final class ResidualPath {

    private final List<FrozenNorm> norms;
    private final int[] attentionStart;
    private final int[] ffStart;

    private ResidualPath(List<FrozenNorm> norms, int[] attentionStart, int[] ffStart) {
        this.norms = norms;
        this.attentionStart = attentionStart;
        this.ffStart = ffStart;
    }

    /** The path of the token at packed row {@code row}, frozen at what {@code recorded} saw there. */
    static ResidualPath at(Transformer model, StreamRecorder recorded, float[] embeddingSum, int row) {
        int d = model.spec().dModel();
        int layers = model.layers();
        boolean post = model.spec().postNorm();
        List<FrozenNorm> norms = new ArrayList<>();
        Embeddings embeddings = model.embeddings();
        if (embeddings.norm() != null) norms.add(FrozenNorm.at("embed_ln", embeddings.norm(), embeddingSum, 0));
        int[] attentionStart = new int[layers];
        int[] ffStart = new int[layers];
        for (int l = 0; l < layers; l++) {
            attentionStart[l] = norms.size();
            if (post) {
                float[] beforeLn1 = sum(recorded.at(l, Point.PRE_ATTN), recorded.at(l, Point.ATTN_OUT), row * d, d);
                norms.add(FrozenNorm.at("L" + l + ".ln1", model.block(l).attnNorm(), beforeLn1, 0));
            }
            ffStart[l] = norms.size();
            if (post) {
                float[] beforeLn2 = sum(recorded.at(l, Point.POST_ATTN), recorded.at(l, Point.FF_OUT), row * d, d);
                norms.add(FrozenNorm.at("L" + l + ".ln2", model.block(l).mlpNorm(), beforeLn2, 0));
            }
        }
        if (model.finalNorm() != null) {
            norms.add(FrozenNorm.at("final_ln", model.finalNorm(), recorded.at(layers - 1, Point.POST_FF), row * d));
        }
        return new ResidualPath(List.copyOf(norms), attentionStart, ffStart);
    }

    /** a + b in float, as the forward pass adds a sublayer's output to the stream. */
    private static float[] sum(float[] a, float[] b, int offset, int d) {
        float[] out = new float[d];
        for (int c = 0; c < d; c++) out[c] = a[offset + c] + b[offset + c];
        return out;
    }

    /** Where the embeddings enter: below every norm. */
    int embeddingStart() {
        return 0;
    }

    int attentionStart(int layer) {
        return attentionStart[layer];
    }

    int ffStart(int layer) {
        return ffStart[layer];
    }

    List<FrozenNorm> norms() {
        return norms;
    }

    /** A part written at {@code start} as it arrives at the output (the frozen norms' linear parts applied). */
    double[] toOutput(int start, double[] part) {
        double[] u = part;
        for (int i = start; i < norms.size(); i++) u = norms.get(i).forward(u);
        return u;
    }

    /**
     * The reading vectors of an output direction: entry i reads a part written just before norm i
     * (entry norms().size() reads the output itself), so that its contribution is part . reading.
     */
    double[][] readings(double[] output) {
        double[][] g = new double[norms.size() + 1][];
        g[norms.size()] = output;
        for (int i = norms.size() - 1; i >= 0; i--) g[i] = norms.get(i).pullBack(g[i + 1]);
        return g;
    }
}
