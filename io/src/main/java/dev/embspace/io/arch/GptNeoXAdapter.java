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
 * GPT-NeoX ({@code model_type} gpt_neox: Pythia and friends). torch Linear [out, in] throughout.
 * The fused {@code query_key_value} [3d, d] is ordered per head: rows (h, {q, k, v}, j), which the
 * model splits after a view to [heads, 3 * headDim]; the adapter regroups it once into q | k | v
 * (see {@link TensorViews#regroup}). Rotary embeddings on the first rotary_pct of each head's
 * dimensions, usually a parallel residual, and an untied embed_out.
 */
final class GptNeoXAdapter implements ArchitectureAdapter {

    @Override
    public Transformer adapt(ModelConfig config, Weights root, String name) {
        int vocab = config.requirePositiveInt("vocab_size");
        int d = config.requirePositiveInt("hidden_size");
        int heads = config.requirePositiveInt("num_attention_heads");
        int headDim = config.exactQuotient("hidden_size", "num_attention_heads");
        int dFf = config.requirePositiveInt("intermediate_size");
        int positions = config.requirePositiveInt("max_position_embeddings");
        float eps = config.positiveFloat("layer_norm_eps", 1e-5f);
        Activation activation = Activations.read(config, "hidden_act", "gelu");
        // Older configs say rotary_pct / rotary_emb_base, newer ones partial_rotary_factor / rope_theta.
        float rotaryFraction = rotaryFraction(config);
        float ropeTheta = config.positiveFloat("rotary_emb_base", config.positiveFloat("rope_theta", 10000f));
        boolean parallelResidual = config.bool("use_parallel_residual", true);
        boolean biases = config.bool("attention_bias", true);
        boolean tied = config.bool("tie_word_embeddings", false);

        Weights w = root.under(List.of("gpt_neox.", ""), "embed_in.weight");
        int layers = w.layers("num_hidden_layers", "layers.");
        Matrix embedIn = w.matrix("embed_in.weight", vocab, d);
        Embeddings embeddings = new Embeddings(embedIn, null, null, null, 0);

        List<Block> blocks = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            String p = "layers." + i + ".";
            blocks.add(new Block(i,
                    w.layerNorm(p + "input_layernorm", d, eps),
                    attention(w, p + "attention.", d, heads, headDim, biases),
                    w.layerNorm(p + "post_attention_layernorm", d, eps),
                    mlp(w, p + "mlp.", d, dFf, activation)));
        }
        Matrix unembedding = tied ? embedIn : root.matrix("embed_out.weight", vocab, d);
        ModelSpec spec = new ModelSpec(Family.GPT_NEOX, config.modelType(), vocab, d, layers, heads, heads, headDim,
                dFf, positions, activation, false, parallelResidual, rotaryFraction, ropeTheta, tied);
        return new Transformer(name, spec, embeddings, blocks, w.layerNorm("final_layer_norm", d, eps),
                unembedding, null);
    }

    private static float rotaryFraction(ModelConfig config) {
        float fraction = config.positiveFloat("rotary_pct", config.positiveFloat("partial_rotary_factor", 0.25f));
        if (fraction > 1) throw config.bad("rotary_pct " + fraction + " is above 1");
        return fraction;
    }

    private static Attention attention(Weights w, String p, int d, int heads, int headDim, boolean biases) {
        Tensor fused = TensorViews.regroup(w.tensor(p + "query_key_value.weight", 3 * d, d), heads, 3, headDim);
        Matrix qkv = Matrix.of(fused, 3 * d, d); // now rows q | k | v, each h * headDim + j
        Tensor[] qkvBias = new Tensor[3];
        if (biases) {
            Tensor bias = TensorViews.regroup(w.tensor(p + "query_key_value.bias", 3 * d), heads, 3, headDim);
            for (int part = 0; part < 3; part++) qkvBias[part] = TensorViews.slice(bias, (long) part * d, d);
        }
        return new Attention(heads, heads, headDim,
                qkv.rowRange(0, d),
                qkv.rowRange(d, 2 * d),
                qkv.rowRange(2 * d, 3 * d),
                w.matrix(p + "dense.weight", d, d).transpose(), // column h * headDim + j is what it writes
                qkvBias[0], qkvBias[1], qkvBias[2],
                biases ? w.tensor(p + "dense.bias", d) : null);
    }

    private static Mlp mlp(Weights w, String p, int d, int dFf, Activation activation) {
        return new Mlp(
                w.matrix(p + "dense_h_to_4h.weight", dFf, d), // key i is row i
                null,
                w.matrix(p + "dense_4h_to_h.weight", d, dFf).transpose(), // value i is column i
                w.tensor(p + "dense_h_to_4h.bias", dFf),
                w.tensor(p + "dense_4h_to_h.bias", d),
                activation);
    }
}
