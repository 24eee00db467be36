package dev.embspace.engine.forward;

import dev.embspace.engine.model.Block;
import dev.embspace.engine.tensor.Matrix;

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
        int tokens = batch.tokens();
        boolean keep = capture.any(layer);
        float[] heads = keep && capture.attentionHeads() ? new float[tokens * headWidth] : null;
        float[] hidden;
        switch (wiring) {
            case POST_NORM -> {
                addInPlace(x, attention.apply(x, batch, heads));
                attnNorm.apply(x, x, tokens);
                hidden = feedForward.hidden(x, tokens);
                addInPlace(x, feedForward.output(hidden, tokens));
                mlpNorm.apply(x, x, tokens);
            }
            case PRE_NORM -> {
                addInPlace(x, attention.apply(attnNorm.applied(x, tokens), batch, heads));
                hidden = feedForward.hidden(mlpNorm.applied(x, tokens), tokens);
                addInPlace(x, feedForward.output(hidden, tokens));
            }
            case PARALLEL -> {
                float[] attended = attention.apply(attnNorm.applied(x, tokens), batch, heads);
                hidden = feedForward.hidden(mlpNorm.applied(x, tokens), tokens);
                float[] fed = feedForward.output(hidden, tokens);
                addInPlace(x, attended);
                addInPlace(x, fed);
            }
            default -> throw new AssertionError(wiring);
        }
        if (!keep) return null;
        return new LayerActivations(layer, batch, headDim,
                capture.residual() ? Matrix.wrap(x.clone(), tokens, attnNorm.dim()) : null,
                capture.ffHidden() ? Matrix.wrap(hidden, tokens, feedForward.units()) : null,
                heads != null ? Matrix.wrap(heads, tokens, headWidth) : null);
    }

    private static void addInPlace(float[] x, float[] delta) {
        RowTasks.forEachChunk(x.length, (from, to) -> {
            for (int i = from; i < to; i++) x[i] += delta[i];
        });
    }
}
