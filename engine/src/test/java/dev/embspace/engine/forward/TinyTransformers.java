package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random transformers of every family, built on heap tensors the way the io adapters view
 * real checkpoints: GPT-2's Conv1D weights stored [in, out] and seen through transposed views,
 * torch Linear weights stored [out, in], Llama's weights in bfloat16. Weights are scaled so that
 * activations stay in the range where every nonlinearity is exercised. Unlike the analyses'
 * {@code RandomModels} (one contiguous F32 layout, no positions, biases or rotary, which parameter
 * projections do not need), these carry everything a forward pass reads, family by family.
 */
public final class TinyTransformers {

    public static final int VOCAB = 61;
    public static final int D = 16;
    public static final int LAYERS = 2;
    public static final int MAX_POSITIONS = 24;

    private final Random random;
    private final DType dtype;

    private TinyTransformers(long seed, DType dtype) {
        this.random = new Random(seed);
        this.dtype = dtype;
    }

    /** BERT: learned positions and 2 token types, embedding LayerNorm, post-LN, erf GELU, biases. */
    public static Transformer bert(long seed) {
        return bert(seed, 0);
    }

    /** BERT with its first position id at {@code positionOffset} (RoBERTa: padding_idx + 1 = 2). */
    public static Transformer bert(long seed, int positionOffset) {
        TinyTransformers t = new TinyTransformers(seed, DType.F32);
        int heads = 4, dh = 4, ff = 32;
        ModelSpec spec = new ModelSpec(Family.BERT, "bert", VOCAB, D, LAYERS, heads, heads, dh, ff, MAX_POSITIONS,
                Activation.GELU, true, false, 0f, 10000f, true);
        Embeddings emb = new Embeddings(t.linear(VOCAB, D, 1f), t.linear(MAX_POSITIONS, D, 0.5f), t.linear(2, D, 0.5f),
                t.layerNorm(), positionOffset);
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            Attention attn = new Attention(heads, heads, dh, t.linear(heads * dh, D, 0.4f), t.linear(heads * dh, D, 0.4f),
                    t.linear(heads * dh, D, 0.4f), t.linearTransposed(heads * dh, D, 0.4f),
                    t.vector(heads * dh, 0.1f), t.vector(heads * dh, 0.1f), t.vector(heads * dh, 0.1f), t.vector(D, 0.1f));
            Mlp mlp = new Mlp(t.linear(ff, D, 0.4f), null, t.linearTransposed(ff, D, 0.3f), t.vector(ff, 0.3f),
                    t.vector(D, 0.1f), Activation.GELU);
            blocks.add(new Block(l, t.layerNorm(), attn, t.layerNorm(), mlp));
        }
        return new Transformer("tiny-bert", spec, emb, blocks, null, emb.tokens(), t.vector(VOCAB, 0.1f));
    }

    /** GPT-2: Conv1D storage (fused c_attn [d, 3d]), learned positions, pre-LN, gelu_new, final norm. */
    public static Transformer gpt2(long seed) {
        TinyTransformers t = new TinyTransformers(seed, DType.F32);
        int heads = 4, dh = 4, ff = 4 * D;
        ModelSpec spec = new ModelSpec(Family.GPT2, "gpt2", VOCAB, D, LAYERS, heads, heads, dh, ff, MAX_POSITIONS,
                Activation.GELU_TANH, false, false, 0f, 10000f, true);
        Embeddings emb = new Embeddings(t.linear(VOCAB, D, 1f), t.linear(MAX_POSITIONS, D, 0.5f), null, null, 0);
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            // c_attn.weight is [d, 3d]: column j of the q third is the d-vector query dimension j reads
            Matrix cAttn = t.stored(D, 3 * D, 0.4f);
            Attention attn = new Attention(heads, heads, dh,
                    cAttn.colRange(0, D).transpose(), cAttn.colRange(D, 2 * D).transpose(),
                    cAttn.colRange(2 * D, 3 * D).transpose(), t.stored(heads * dh, D, 0.4f),
                    t.vector(D, 0.1f), t.vector(D, 0.1f), t.vector(D, 0.1f), t.vector(D, 0.1f));
            Mlp mlp = new Mlp(t.stored(D, ff, 0.4f).transpose(), null, t.stored(ff, D, 0.3f), t.vector(ff, 0.3f),
                    t.vector(D, 0.1f), Activation.GELU_TANH);
            blocks.add(new Block(l, t.layerNorm(), attn, t.layerNorm(), mlp));
        }
        return new Transformer("tiny-gpt2", spec, emb, blocks, t.layerNorm(), emb.tokens(), null);
    }

    /** GPT-NeoX: rotary on {@code rotaryPct} of each head, parallel or sequential residual, biases. */
    public static Transformer neox(long seed, float rotaryPct, boolean parallelResidual) {
        TinyTransformers t = new TinyTransformers(seed, DType.F32);
        int heads = 2, dh = 8, ff = 4 * D;
        ModelSpec spec = new ModelSpec(Family.GPT_NEOX, "gpt_neox", VOCAB, D, LAYERS, heads, heads, dh, ff,
                MAX_POSITIONS, Activation.GELU, false, parallelResidual, rotaryPct, 10000f, false);
        Embeddings emb = new Embeddings(t.linear(VOCAB, D, 1f), null, null, null, 0);
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            Attention attn = new Attention(heads, heads, dh, t.linear(heads * dh, D, 0.5f), t.linear(heads * dh, D, 0.5f),
                    t.linear(heads * dh, D, 0.4f), t.linearTransposed(heads * dh, D, 0.4f),
                    t.vector(heads * dh, 0.1f), t.vector(heads * dh, 0.1f), t.vector(heads * dh, 0.1f), t.vector(D, 0.1f));
            Mlp mlp = new Mlp(t.linear(ff, D, 0.4f), null, t.linearTransposed(ff, D, 0.3f), t.vector(ff, 0.3f),
                    t.vector(D, 0.1f), Activation.GELU);
            blocks.add(new Block(l, t.layerNorm(), attn, t.layerNorm(), mlp));
        }
        return new Transformer("tiny-neox", spec, emb, blocks, t.layerNorm(), t.linear(VOCAB, D, 1f), null);
    }

    /** Llama: bfloat16 weights, RMSNorm, full rotary, grouped-query attention, SiLU-gated MLP, no biases. */
    public static Transformer llama(long seed, int heads, int kvHeads) {
        return llama(seed, heads, kvHeads, D / heads);
    }

    /** Llama with an explicit head_dim (Mistral-style configs), so heads * headDim may differ from d. */
    public static Transformer llama(long seed, int heads, int kvHeads, int dh) {
        TinyTransformers t = new TinyTransformers(seed, DType.BF16);
        int ff = 40;
        ModelSpec spec = new ModelSpec(Family.LLAMA, "llama", VOCAB, D, LAYERS, heads, kvHeads, dh, ff, MAX_POSITIONS,
                Activation.SILU, false, false, 1f, 500000f, false);
        Embeddings emb = new Embeddings(t.linear(VOCAB, D, 1f), null, null, null, 0);
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            Attention attn = new Attention(heads, kvHeads, dh, t.linear(heads * dh, D, 0.5f),
                    t.linear(kvHeads * dh, D, 0.5f), t.linear(kvHeads * dh, D, 0.4f), t.linearTransposed(heads * dh, D, 0.4f),
                    null, null, null, null);
            Mlp mlp = new Mlp(t.linear(ff, D, 0.5f), t.linear(ff, D, 0.5f), t.linearTransposed(ff, D, 0.4f), null, null,
                    Activation.SILU);
            blocks.add(new Block(l, t.rmsNorm(), attn, t.rmsNorm(), mlp));
        }
        return new Transformer("tiny-llama", spec, emb, blocks, t.rmsNorm(), t.linear(VOCAB, D, 1f), null);
    }

    /** Random token ids for sequences of the given lengths. */
    public static int[][] ids(long seed, int... lengths) {
        Random r = new Random(seed);
        int[][] ids = new int[lengths.length][];
        for (int s = 0; s < lengths.length; s++) ids[s] = r.ints(lengths[s], 0, VOCAB).toArray();
        return ids;
    }

    /** A torch Linear weight [rows, cols] seen as is: row i is what output i reads. */
    private Matrix linear(int rows, int cols, float scale) {
        return stored(rows, cols, scale);
    }

    /** A torch Linear weight stored [cols, rows] (o_proj, down_proj), seen through its transpose. */
    private Matrix linearTransposed(int rows, int cols, float scale) {
        return stored(cols, rows, scale).transpose();
    }

    private Matrix stored(int rows, int cols, float scale) {
        return Matrix.of(tensor(gaussian(rows * cols, 0f, scale), rows, cols), rows, cols);
    }

    private Tensor vector(int n, float scale) {
        return tensor(gaussian(n, 0f, scale), n);
    }

    private Norm layerNorm() {
        return Norm.layerNorm(tensor(gaussian(D, 1f, 0.1f), D), tensor(gaussian(D, 0f, 0.1f), D), 1e-5f);
    }

    private Norm rmsNorm() {
        return Norm.rmsNorm(tensor(gaussian(D, 1f, 0.1f), D), 1e-6f);
    }

    private float[] gaussian(int n, float mean, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = mean + scale * (float) random.nextGaussian();
        return v;
    }

    private Tensor tensor(float[] values, int... shape) {
        if (dtype == DType.F32) return Tensor.wrap(values, shape);
        short[] halves = new short[values.length];
        for (int i = 0; i < values.length; i++) halves[i] = BF16Tensor.fromFloat(values[i]);
        return Tensor.of(DType.BF16, MemorySegment.ofArray(halves), shape);
    }
}
