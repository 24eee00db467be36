package dev.embspace.engine.forward.trace;

import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardHook;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LogitLens;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;

/**
 * One input in embedding space (LM-Debugger's view, with TransformerLens' direct logit
 * attribution): the model runs once on the engine's forward pass with a recording hook (and an
 * {@link dev.embspace.engine.forward.Intervention} if asked), and the recording is then read per
 * position, see {@link TracedRun}. Nothing here recomputes the pass: every reading is of what the
 * pass wrote.
 */
public final class Trace {

    private final Transformer model;
    private final ForwardPass pass;
    private final LogitLens lens;
    private final Matrix embedding;
    private final float[][] valueNorms;

    private Trace(Transformer model, EmbeddingSide side) {
        this.model = model;
        this.pass = ForwardPass.of(model);
        this.lens = LogitLens.of(model, side);
        this.embedding = model.embedding(side);
        this.valueNorms = new float[model.layers()][];
    }

    public static Trace of(Transformer model, EmbeddingSide side) {
        return new Trace(model, side);
    }

    public Transformer model() {
        return model;
    }

    /**
     * Runs one sequence.
     *
     * @param types        BERT's token types, or null
     * @param intervention a hook that changes the pass ({@link ForwardHook#NONE} for the plain pass)
     */
    public TracedRun run(int[] ids, int[] types, ForwardHook intervention) {
        StreamRecorder recorder = new StreamRecorder(model.layers(), intervention);
        ForwardResult result = pass.run(new int[][]{ids}, types == null ? null : new int[][]{types}, Capture.none(), recorder);
        return new TracedRun(this, ids.clone(), types == null ? null : types.clone(), recorder, result.lastHiddenState(0));
    }

    LogitLens lens() {
        return lens;
    }

    Matrix embedding() {
        return embedding;
    }

    /** ||v_i|| of every FF value of a layer, computed on first use. */
    synchronized float[] valueNorms(int layer) {
        if (valueNorms[layer] == null) {
            Matrix values = model.block(layer).mlp().value();
            float[] norms = new float[values.rows()];
            float[] row = new float[values.cols()];
            for (int i = 0; i < norms.length; i++) {
                values.row(i, row);
                double s = 0;
                for (float v : row) s += (double) v * v;
                norms[i] = (float) Math.sqrt(s);
            }
            valueNorms[layer] = norms;
        }
        return valueNorms[layer];
    }
}
