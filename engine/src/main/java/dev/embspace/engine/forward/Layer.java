package dev.embspace.engine.forward;

import dev.embspace.engine.model.Block;
import dev.embspace.engine.tensor.Matrix;

import java.util.function.Consumer;

/** One block, prepared to run: its norms, attention and FF block, wired as the family wires them. */
final class Layer {

    private final ResidualWiring wiring;
    private final LayerNorms attnNorm;
    private final SelfAttention attention;
    private final LayerNorms mlpNorm;
    private final FeedForward feedForward;
    private final int headWidth;
    private final int headDim;

    Layer(Block block, ResidualWiring wiring, Rotary rotary, AttentionMask mask) {
        this.wiring = wiring;
        this.attnNorm = LayerNorms.of(block.attnNorm());
        this.attention = new SelfAttention(block.attention(), rotary, mask);
        this.mlpNorm = LayerNorms.of(block.mlpNorm());
        this.feedForward = new FeedForward(block.mlp());
        this.headWidth = block.attention().heads() * block.attention().headDim();
        this.headDim = block.attention().headDim();
    }

    /**
     * Runs the block on the residual stream {@code x} [T x d] in place and returns what
     * {@code capture} asks to keep of this layer (null if nothing).
     */
    LayerActivations apply(float[] x, Batch batch, Capture capture, int layer) {
        return apply(x, batch, capture, layer, ForwardHook.NONE);
    }

    /** As {@link #apply(float[], Batch, Capture, int)}, calling {@code hook} at its points. */
    LayerActivations apply(float[] x, Batch batch, Capture capture, int layer, ForwardHook hook) {
        int tokens = batch.tokens();
        boolean keep = capture.any(layer);
        float[] heads = keep && capture.attentionHeads() ? new float[tokens * headWidth] : null;
        Consumer<float[]> onHeads = z -> hook.attentionHeads(layer, batch, headDim, z);
        hook.residual(layer, ForwardHook.Point.PRE_ATTN, batch, x);
        float[] hidden;
        switch (wiring) {
            case POST_NORM -> {
                float[] attended = attention.apply(x, batch, heads, onHeads);
                hook.residual(layer, ForwardHook.Point.ATTN_OUT, batch, attended);
                addInPlace(x, attended);
                attnNorm.apply(x, x, tokens);
                hook.residual(layer, ForwardHook.Point.POST_ATTN, batch, x);
                hidden = hidden(x, batch, layer, hook);
                addInPlace(x, fed(hidden, batch, layer, hook));
                mlpNorm.apply(x, x, tokens);
            }
            case PRE_NORM -> {
                float[] attended = attention.apply(attnNorm.applied(x, tokens), batch, heads, onHeads);
                hook.residual(layer, ForwardHook.Point.ATTN_OUT, batch, attended);
                addInPlace(x, attended);
                hook.residual(layer, ForwardHook.Point.POST_ATTN, batch, x);
                hidden = hidden(mlpNorm.applied(x, tokens), batch, layer, hook);
                addInPlace(x, fed(hidden, batch, layer, hook));
            }
            case PARALLEL -> {
                float[] attended = attention.apply(attnNorm.applied(x, tokens), batch, heads, onHeads);
                hook.residual(layer, ForwardHook.Point.ATTN_OUT, batch, attended);
                hidden = hidden(mlpNorm.applied(x, tokens), batch, layer, hook);
                float[] fed = fed(hidden, batch, layer, hook);
                addInPlace(x, attended);
                // both sublayers read the block input; the stream "after attention" is still well defined
                hook.residual(layer, ForwardHook.Point.POST_ATTN, batch, x);
                addInPlace(x, fed);
            }
            default -> throw new AssertionError(wiring);
        }
        hook.residual(layer, ForwardHook.Point.POST_FF, batch, x);
        if (!keep) return null;
        return new LayerActivations(layer, batch, headDim,
                capture.residual() ? Matrix.wrap(x.clone(), tokens, attnNorm.dim()) : null,
                capture.ffHidden() ? Matrix.wrap(hidden, tokens, feedForward.units()) : null,
                heads != null ? Matrix.wrap(heads, tokens, headWidth) : null);
    }

    private float[] hidden(float[] normed, Batch batch, int layer, ForwardHook hook) {
        float[] hidden = feedForward.hidden(normed, batch.tokens());
        hook.ffHidden(layer, batch, hidden);
        return hidden;
    }

    private float[] fed(float[] hidden, Batch batch, int layer, ForwardHook hook) {
        float[] fed = feedForward.output(hidden, batch.tokens());
        hook.residual(layer, ForwardHook.Point.FF_OUT, batch, fed);
        return fed;
    }

    private static void addInPlace(float[] x, float[] delta) {
        RowTasks.forEachChunk(x.length, (from, to) -> {
            for (int i = from; i < to; i++) x[i] += delta[i];
        });
    }
}
