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
 * The Llama family: Llama, Mistral and Qwen2 share one layout. torch Linear [out, in]: q_proj
 * [heads * headDim, d] and k_proj, v_proj [kvHeads * headDim, d] hold the vectors heads read as
 * rows; o_proj [d, heads * headDim] and down_proj [d, dFf] hold what units write as columns. The
 * MLP is gated, down(silu(gate x) * up x), so up_proj gives the keys and gate_proj the gates.
 * Grouped-query attention: head h reads kv head h / (heads / kvHeads). RMSNorm, rotary on every
 * dimension, and an lm_head that is untied unless tie_word_embeddings says otherwise.
 */
final class LlamaAdapter implements ArchitectureAdapter {

    /** Qwen2 always has q, k, v biases; Llama only with attention_bias (then o_proj has one too). */
    private final boolean qkvBiasAlways;

    LlamaAdapter(boolean qkvBiasAlways) {
        this.qkvBiasAlways = qkvBiasAlways;
    }

    @Override
    public Transformer adapt(ModelConfig config, Weights root, String name) {
        int vocab = config.requirePositiveInt("vocab_size");
        int d = config.requirePositiveInt("hidden_size");
        int heads = config.requirePositiveInt("num_attention_heads");
        int kvHeads = config.positiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw config.bad("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        // Mistral and Qwen3-style configs may set head_dim apart from hidden_size / heads (or write null).
        int headDim = config.has("head_dim") ? config.requirePositiveInt("head_dim")
                : config.exactQuotient("hidden_size", "num_attention_heads");
        int dFf = config.requirePositiveInt("intermediate_size");
        int positions = config.requirePositiveInt("max_position_embeddings");
        float eps = config.positiveFloat("rms_norm_eps", 1e-6f);
        float ropeTheta = config.positiveFloat("rope_theta", 10000f);
        Activation activation = Activations.read(config, "hidden_act", "silu");
        boolean tied = config.bool("tie_word_embeddings", false);
        boolean attentionBias = config.bool("attention_bias", false);
        if (config.bool("mlp_bias", false)) {
            throw config.bad("mlp_bias is not supported (the engine's gated MLP has no gate bias)");
        }

        Weights w = root.under(List.of("model.", ""), "embed_tokens.weight");
        int layers = w.layers("num_hidden_layers", "layers.");
        Matrix embedTokens = w.matrix("embed_tokens.weight", vocab, d);
        Embeddings embeddings = new Embeddings(embedTokens, null, null, null, 0);

        AttentionShape shape = new AttentionShape(d, heads, kvHeads, headDim,
                qkvBiasAlways || attentionBias, attentionBias);
        List<Block> blocks = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            String p = "layers." + i + ".";
            blocks.add(new Block(i,
                    w.rmsNorm(p + "input_layernorm", d, eps),
                    attention(w, p + "self_attn.", shape),
                    w.rmsNorm(p + "post_attention_layernorm", d, eps),
                    mlp(w, p + "mlp.", d, dFf, activation)));
        }
        Matrix unembedding = tied ? embedTokens : root.matrix("lm_head.weight", vocab, d);
        ModelSpec spec = new ModelSpec(Family.LLAMA, config.modelType(), vocab, d, layers, heads, kvHeads, headDim,
                dFf, positions, activation, false, false, 1f, ropeTheta, tied, config.ropeScaling().orElse(null));
        return new Transformer(name, spec, embeddings, blocks, w.rmsNorm("norm", d, eps), unembedding, null)
                .withClassifier(root.classifier(d));
    }

    private record AttentionShape(int d, int heads, int kvHeads, int headDim, boolean qkvBias, boolean oBias) {
        int qRows() {
            return heads * headDim;
        }

        int kvRows() {
            return kvHeads * headDim;
        }
    }

    private static Attention attention(Weights w, String p, AttentionShape s) {
        return new Attention(s.heads(), s.kvHeads(), s.headDim(),
                w.matrix(p + "q_proj.weight", s.qRows(), s.d()), // [out, in]: row h * headDim + j
                w.matrix(p + "k_proj.weight", s.kvRows(), s.d()),
                w.matrix(p + "v_proj.weight", s.kvRows(), s.d()),
                w.matrix(p + "o_proj.weight", s.d(), s.qRows()).transpose(), // column h * headDim + j is what it writes
                bias(w, p + "q_proj.bias", s.qkvBias(), s.qRows()),
                bias(w, p + "k_proj.bias", s.qkvBias(), s.kvRows()),
                bias(w, p + "v_proj.bias", s.qkvBias(), s.kvRows()),
                bias(w, p + "o_proj.bias", s.oBias(), s.d()));
    }

    private static Tensor bias(Weights w, String name, boolean present, int size) {
        return present ? w.tensor(name, size) : null;
    }

    private static Mlp mlp(Weights w, String p, int d, int dFf, Activation activation) {
        return new Mlp(
                w.matrix(p + "up_proj.weight", dFf, d), // key i is row i
                w.matrix(p + "gate_proj.weight", dFf, d), // gate i is row i
                w.matrix(p + "down_proj.weight", d, dFf).transpose(), // value i is column i
                null, null, activation);
    }
}
