package dev.embspace.io.arch;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2 ({@code model_type} gpt2). Its Conv1D layers store weights as [in, out], the transpose of
 * torch's Linear, so a d-vector that an output unit reads is a column: c_attn [d, 3d] holds q, k
 * and v side by side in its columns, c_fc [d, dFf] one key per column. What a unit writes is a row:
 * c_proj [d, d] and mlp.c_proj [dFf, d] need no transpose. Pre-LN: ln_1, ln_2, ln_f.
 */
final class Gpt2Adapter implements ArchitectureAdapter {

    @Override
    public Transformer adapt(ModelConfig config, Weights root, String name) {
        int vocab = config.requirePositiveInt("vocab_size");
        int d = config.requirePositiveInt("n_embd");
        int heads = config.requirePositiveInt("n_head");
        int headDim = config.exactQuotient("n_embd", "n_head");
        int dFf = config.positiveInt("n_inner", 4 * d); // null in the config means 4d
        int positions = config.requirePositiveInt("n_positions");
        float eps = config.positiveFloat("layer_norm_epsilon", 1e-5f);
        Activation activation = Activations.read(config, "activation_function", "gelu_new");
        // GPT2LMHeadModel ties lm_head to wte unless the config says otherwise; the bare GPT2Model
        // has no lm_head at all.
        boolean tied = config.bool("tie_word_embeddings", true);

        Weights w = root.under(List.of("transformer.", ""), "wte.weight");
        int layers = w.layers("n_layer", "h.");
        Matrix wte = w.matrix("wte.weight", vocab, d);
        Embeddings embeddings = new Embeddings(wte, w.matrix("wpe.weight", positions, d), null, null, 0);

        List<Block> blocks = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            String p = "h." + i + ".";
            blocks.add(new Block(i,
                    w.layerNorm(p + "ln_1", d, eps),
                    attention(w, p + "attn.", d, heads, headDim),
                    w.layerNorm(p + "ln_2", d, eps),
                    mlp(w, p + "mlp.", d, dFf, activation)));
        }
        Matrix unembedding = tied ? wte : root.matrix("lm_head.weight", vocab, d);
        ModelSpec spec = new ModelSpec(Family.GPT2, config.modelType(), vocab, d, layers, heads, heads, headDim,
                dFf, positions, activation, false, false, 0f, 0f, tied);
        return new Transformer(name, spec, embeddings, blocks, w.layerNorm("ln_f", d, eps), unembedding, null)
                .withClassifier(root.classifier(d));
    }

    private static Attention attention(Weights w, String p, int d, int heads, int headDim) {
        Matrix qkv = w.matrix(p + "c_attn.weight", d, 3 * d); // [in, out]: columns q | k | v
        Tensor qkvBias = w.tensor(p + "c_attn.bias", 3 * d);
        return new Attention(heads, heads, headDim,
                qkv.colRange(0, d).transpose(),
                qkv.colRange(d, 2 * d).transpose(),
                qkv.colRange(2 * d, 3 * d).transpose(),
                w.matrix(p + "c_proj.weight", d, d), // [in, out]: row h * headDim + j is what that dimension writes
                TensorViews.slice(qkvBias, 0, d),
                TensorViews.slice(qkvBias, d, d),
                TensorViews.slice(qkvBias, 2L * d, d),
                w.tensor(p + "c_proj.bias", d));
    }

    private static Mlp mlp(Weights w, String p, int d, int dFf, Activation activation) {
        return new Mlp(
                w.matrix(p + "c_fc.weight", d, dFf).transpose(), // key i is column i
                null,
                w.matrix(p + "c_proj.weight", dFf, d), // value i is row i
                w.tensor(p + "c_fc.bias", dFf),
                w.tensor(p + "c_proj.bias", d),
                activation);
    }
}
