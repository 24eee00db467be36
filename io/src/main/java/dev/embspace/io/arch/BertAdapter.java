package dev.embspace.io.arch;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.MaskedLmTransform;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The BERT family: BERT and its sentence-embedding descendants (MiniLM, e5, bge are all
 * {@code model_type} bert), RoBERTa and XLM-RoBERTa. Weights are torch Linear [out, in], so the
 * vectors a unit reads are rows (query, key, value, intermediate.dense) and the vectors a unit writes
 * are columns (attention.output.dense, output.dense). Post-LN: each block ends with a LayerNorm
 * after its residual addition, so there is no final norm. E is the tied word embedding.
 */
final class BertAdapter implements ArchitectureAdapter {

    /** The prefixes of BertModel inside BertFor*, of RobertaModel inside RobertaFor*, and the bare model. */
    private static final List<String> PREFIXES = List.of("bert.", "roberta.", "");

    private final boolean roberta;

    /** @param roberta RoBERTa's position ids start after the padding index */
    BertAdapter(boolean roberta) {
        this.roberta = roberta;
    }

    @Override
    public Transformer adapt(ModelConfig config, Weights root, String name) {
        int vocab = config.requirePositiveInt("vocab_size");
        int d = config.requirePositiveInt("hidden_size");
        int heads = config.requirePositiveInt("num_attention_heads");
        int headDim = config.exactQuotient("hidden_size", "num_attention_heads");
        int dFf = config.requirePositiveInt("intermediate_size");
        int positions = config.requirePositiveInt("max_position_embeddings");
        int types = config.positiveInt("type_vocab_size", 2);
        float eps = config.positiveFloat("layer_norm_eps", 1e-12f);
        Activation activation = Activations.read(config, "hidden_act", "gelu");
        // RobertaEmbeddings numbers positions from padding_idx + 1 (padding_idx = pad_token_id, 1 by default).
        int positionOffset = roberta ? config.nonNegativeInt("pad_token_id", 1) + 1 : 0;

        Weights w = root.under(PREFIXES, "embeddings.word_embeddings.weight");
        int layers = w.layers("num_hidden_layers", "encoder.layer.");
        Matrix tokens = w.matrix("embeddings.word_embeddings.weight", vocab, d);
        Embeddings embeddings = new Embeddings(tokens,
                w.matrix("embeddings.position_embeddings.weight", positions, d),
                w.matrix("embeddings.token_type_embeddings.weight", types, d),
                w.layerNorm("embeddings.LayerNorm", d, eps),
                positionOffset);

        List<Block> blocks = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            String p = "encoder.layer." + i + ".";
            blocks.add(new Block(i,
                    w.layerNorm(p + "attention.output.LayerNorm", d, eps),
                    attention(w, p + "attention.", d, heads, headDim),
                    w.layerNorm(p + "output.LayerNorm", d, eps),
                    mlp(w, p, d, dFf, activation)));
        }
        // The masked-LM head's decoder is tied to the word embeddings; its bias over the vocabulary
        // is kept when the checkpoint has the head (BertForMaskedLM, RobertaForMaskedLM).
        Tensor vocabBias = root.optional("cls.predictions.bias", vocab)
                .or(() -> root.optional("lm_head.bias", vocab))
                .orElse(null);
        ModelSpec spec = new ModelSpec(Family.BERT, config.modelType(), vocab, d, layers, heads, heads, headDim,
                dFf, positions, activation, true, false, 0f, 0f, true);
        return new Transformer(name, spec, embeddings, blocks, null, tokens, vocabBias, mlmTransform(root, d, eps, activation),
                root.classifier(d));
    }

    /** The masked-LM head's transform, where the checkpoint has the head (BERT's and RoBERTa's names), else null. */
    private static MaskedLmTransform mlmTransform(Weights root, int d, float eps, Activation activation) {
        if (root.has("cls.predictions.transform.dense.weight")) {
            String p = "cls.predictions.transform.";
            // BertPredictionHeadTransform applies the config's hidden_act
            return new MaskedLmTransform(root.matrix(p + "dense.weight", d, d), root.tensor(p + "dense.bias", d), activation,
                    root.layerNorm(p + "LayerNorm", d, eps));
        }
        if (root.has("lm_head.dense.weight")) {
            // RobertaLMHead applies the exact gelu whatever the config says
            return new MaskedLmTransform(root.matrix("lm_head.dense.weight", d, d), root.tensor("lm_head.dense.bias", d),
                    Activation.GELU, root.layerNorm("lm_head.layer_norm", d, eps));
        }
        return null;
    }

    private static Attention attention(Weights w, String p, int d, int heads, int headDim) {
        return new Attention(heads, heads, headDim,
                w.matrix(p + "self.query.weight", d, d), // [out, in]: row h * headDim + j
                w.matrix(p + "self.key.weight", d, d),
                w.matrix(p + "self.value.weight", d, d),
                w.matrix(p + "output.dense.weight", d, d).transpose(), // column h * headDim + j is what it writes
                w.tensor(p + "self.query.bias", d),
                w.tensor(p + "self.key.bias", d),
                w.tensor(p + "self.value.bias", d),
                w.tensor(p + "output.dense.bias", d));
    }

    private static Mlp mlp(Weights w, String p, int d, int dFf, Activation activation) {
        return new Mlp(
                w.matrix(p + "intermediate.dense.weight", dFf, d), // key i is row i
                null,
                w.matrix(p + "output.dense.weight", d, dFf).transpose(), // value i is column i
                w.tensor(p + "intermediate.dense.bias", dFf),
                w.tensor(p + "output.dense.bias", d),
                activation);
    }
}
