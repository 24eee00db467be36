package dev.embspace.engine.forward;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * The forward pass of any {@link Transformer}, whatever its family, on the engine's kernels.
 * <pre>{@code
 * ForwardResult r = ForwardPass.of(model).run(ids, null, Capture.residualStream());
 * Matrix hidden = r.lastHiddenState(0);          // [length x d]
 * Matrix layer3 = r.layer(3).residual(0);         // residual stream after block 3
 * }</pre>
 * The family's conventions come from its {@link ModelSpec}: BERT is post-LN and bidirectional with
 * learned positions and token types; GPT-2 pre-LN and causal; GPT-NeoX rotates part of each head
 * and may run attention and MLP in parallel; Llama rotates whole heads, with RMSNorm, grouped-query
 * attention and a SiLU-gated MLP. Sequences of a batch may differ in length (see {@link Batch}).
 * Each weight matrix is packed into the GEMM kernel's panels on its first use and kept (a float per
 * element): every later batch reads it from there instead of re-packing it.
 */
public final class ForwardPass {

    private final Transformer model;
    private final InputEmbedding embedding;
    private final List<Layer> layers;
    private final LayerNorms finalNorm;

    private ForwardPass(Transformer model) {
        this.model = model;
        ModelSpec spec = model.spec();
        this.embedding = new InputEmbedding(model.embeddings());
        Rotary rotary = rotary(model);
        AttentionMask mask = spec.family() == Family.BERT ? AttentionMask.BIDIRECTIONAL : AttentionMask.CAUSAL;
        ResidualWiring wiring = ResidualWiring.of(spec);
        List<Layer> prepared = new ArrayList<>(model.layers());
        for (var block : model.blocks()) prepared.add(new Layer(block, wiring, rotary, mask));
        this.layers = List.copyOf(prepared);
        this.finalNorm = model.finalNorm() == null ? null : LayerNorms.of(model.finalNorm());
    }

    /** The family's rotary embedding, or null; a config whose rotary share of a head is unusable is bad input. */
    private static Rotary rotary(Transformer model) {
        ModelSpec spec = model.spec();
        if (spec.rotaryFraction() <= 0) return null;
        if (spec.ropeScaling() != null) {
            // scaled rotary changes every position's angles: running without it would be silently wrong
            throw new BadInputException(model.name() + ": rope_scaling '" + spec.ropeScaling()
                    + "' is not supported by the forward pass yet (analyses of the weights are unaffected)");
        }
        try {
            return new Rotary(spec.headDim(), spec.rotaryFraction(), spec.ropeTheta(), spec.interleavedRotary());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(model.name() + ": " + e.getMessage(), e);
        }
    }

    public static ForwardPass of(Transformer model) {
        return new ForwardPass(model);
    }

    public Transformer model() {
        return model;
    }

    /** The last hidden states of {@code ids} (one array per sequence), capturing nothing else. */
    public ForwardResult run(int[][] ids) {
        return run(ids, null, Capture.none());
    }

    /**
     * Runs the batch.
     *
     * @param ids        token ids, one array per sequence; lengths may differ (no padding needed)
     * @param tokenTypes BERT's segment ids, shaped like {@code ids}, or null for all zeros
     * @param capture    which per-layer activations to keep
     * @throws dev.embspace.engine.BadInputException for ids, types or lengths the model cannot take
     */
    public ForwardResult run(int[][] ids, int[][] tokenTypes, Capture capture) {
        return run(ids, tokenTypes, capture, ForwardHook.NONE);
    }

    /** As {@link #run(int[][], int[][], Capture)}, calling {@code hook} inside every block. */
    public ForwardResult run(int[][] ids, int[][] tokenTypes, Capture capture, ForwardHook hook) {
        embedding.validate(ids, tokenTypes);
        Batch batch = Batch.of(ids);
        float[] x = embedding.apply(ids, tokenTypes, batch);
        return finish(x, batch, 0, capture, hook);
    }

    /**
     * The residual stream after the first {@code blocks} blocks (0: the embedding output), packed
     * [T x d] as {@link Batch} lays out {@code ids}; the blocks above are not run. With
     * {@link #resume} this splits a pass in two, or joins two models' blocks (model stitching).
     */
    public Matrix residualAfter(int[][] ids, int blocks) {
        if (blocks < 0 || blocks > layers.size()) {
            throw new IllegalArgumentException("cannot stop after " + blocks + " blocks: the model has " + layers.size());
        }
        embedding.validate(ids, null);
        Batch batch = Batch.of(ids);
        float[] x = embedding.apply(ids, null, batch);
        for (int l = 0; l < blocks; l++) layers.get(l).apply(x, batch, Capture.none(), l);
        return Matrix.wrap(x, batch.tokens(), dim());
    }

    /**
     * Continues a pass from the residual stream entering block {@code fromLayer} ([T x d] packed as
     * {@link Batch} lays out {@code ids}; {@code fromLayer} = layers() runs no block): blocks
     * {@code fromLayer} on, then the final norm. Layers below {@code fromLayer} are not captured.
     */
    public ForwardResult resume(int[][] ids, Matrix residual, int fromLayer, Capture capture) {
        Batch batch = Batch.of(ids);
        if (fromLayer < 0 || fromLayer > layers.size()) {
            throw new IllegalArgumentException("cannot resume at block " + fromLayer + ": the model has " + layers.size());
        }
        if (residual.rows() != batch.tokens() || residual.cols() != dim()) {
            throw new IllegalArgumentException("a residual stream of " + residual.rows() + "x" + residual.cols()
                    + " does not fit " + batch.tokens() + " tokens of " + dim());
        }
        return finish(residual.toArray(), batch, fromLayer, capture, ForwardHook.NONE);
    }

    private ForwardResult finish(float[] x, Batch batch, int fromLayer, Capture capture, ForwardHook hook) {
        List<LayerActivations> captured = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            captured.add(l < fromLayer ? null : layers.get(l).apply(x, batch, capture, l, hook));
        }
        if (finalNorm != null) finalNorm.apply(x, x, batch.tokens());
        return new ForwardResult(batch, Matrix.wrap(x, batch.tokens(), dim()), captured);
    }

    private int dim() {
        return model.embeddings().tokens().cols();
    }
}
