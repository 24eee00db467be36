package dev.embspace.engine.forward;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.tensor.Matrix;

import java.util.Collections;
import java.util.List;

/**
 * The outcome of {@link ForwardPass#run}: the last hidden states, as Hugging Face's
 * last_hidden_state defines them (after the final norm for decoders, the last block's output for
 * BERT), and the captured activations of each layer (null entries for layers not captured).
 */
public final class ForwardResult {

    private final Batch batch;
    private final Matrix lastHidden;
    private final List<LayerActivations> layers;

    ForwardResult(Batch batch, Matrix lastHidden, List<LayerActivations> layers) {
        this.batch = batch;
        this.lastHidden = lastHidden;
        this.layers = Collections.unmodifiableList(layers);
    }

    public Batch batch() {
        return batch;
    }

    /** [length x d] the last hidden states of one sequence. */
    public Matrix lastHiddenState(int sequence) {
        return batch.rows(lastHidden, sequence);
    }

    /** The last hidden states as [sequence][position][d] arrays, each sequence at its own length. */
    public float[][][] lastHiddenStates() {
        float[][][] out = new float[batch.sequences()][][];
        for (int s = 0; s < out.length; s++) {
            Matrix rows = lastHiddenState(s);
            out[s] = new float[rows.rows()][];
            for (int p = 0; p < rows.rows(); p++) out[s][p] = rows.row(p);
        }
        return out;
    }

    /** [T x d] every token's last hidden state, packed in batch order. */
    public Matrix lastHiddenStatesPacked() {
        return lastHidden;
    }

    /** One entry per layer; null where the layer was not captured. */
    public List<LayerActivations> layers() {
        return layers;
    }

    public LayerActivations layer(int layer) {
        if (layer < 0 || layer >= layers.size()) {
            throw new UsageException("layer " + layer + " is out of range (0.." + (layers.size() - 1) + ")");
        }
        LayerActivations a = layers.get(layer);
        if (a == null) throw new IllegalStateException("layer " + layer + " was not captured (see Capture.onlyLayers)");
        return a;
    }
}
