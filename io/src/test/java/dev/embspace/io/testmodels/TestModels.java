package dev.embspace.io.testmodels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.tensor.DType;
import dev.embspace.io.testmodels.TestCheckpoint.Sizes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Small random checkpoints in the exact names, layouts and file formats of Hugging Face models, one
 * per architecture the engine reads, written into a directory as {@code save_pretrained} would:
 * config.json, safetensors weights (sharded with an index where the family's big models are) and a
 * tokenizer. Each returns the tensors it wrote so that tests can index the raw arrays by hand and
 * check the engine against them. Sizes are tiny (d = 16, two layers) and seeds fixed.
 */
public final class TestModels {

    private TestModels() {
    }

    /** GPT-2 as the hub's {@code gpt2} repository stores it: no name prefix, F32, tied embeddings. */
    public static TestCheckpoint gpt2(Path dir) throws IOException {
        return gpt2(dir, "");
    }

    /**
     * GPT-2, F32, tied: Conv1D weights [in, out], q | k | v side by side in c_attn's columns.
     *
     * @param prefix "" (GPT2Model, the hub layout) or "transformer." (GPT2LMHeadModel as saved by it)
     */
    public static TestCheckpoint gpt2(Path dir, String prefix) throws IOException {
        return gpt2(dir, prefix, new Sizes(96, 16, 2, 4, 4, 4, 64));
    }

    /** GPT-2 of any shape (heads * headDim must be d), hub layout: a GPT-2-small-shaped model for the atlas bench, say. */
    public static TestCheckpoint gpt2(Path dir, Sizes s) throws IOException {
        return gpt2(dir, "", s);
    }

    private static TestCheckpoint gpt2(Path dir, String prefix, Sizes s) throws IOException {
        int positions = 32;
        CheckpointBuilder b = new CheckpointBuilder(2, DType.F32);
        String p = prefix;
        b.random(p + "wte.weight", s.vocab(), s.d()).random(p + "wpe.weight", positions, s.d());
        for (int i = 0; i < s.layers(); i++) {
            String h = p + "h." + i + ".";
            b.layerNorm(h + "ln_1", s.d())
                    .random(h + "attn.c_attn.weight", s.d(), 3 * s.d()).random(h + "attn.c_attn.bias", 3 * s.d())
                    .random(h + "attn.c_proj.weight", s.d(), s.d()).random(h + "attn.c_proj.bias", s.d())
                    .layerNorm(h + "ln_2", s.d())
                    .random(h + "mlp.c_fc.weight", s.d(), s.dFf()).random(h + "mlp.c_fc.bias", s.dFf())
                    .random(h + "mlp.c_proj.weight", s.dFf(), s.d()).random(h + "mlp.c_proj.bias", s.d());
        }
        b.layerNorm(p + "ln_f", s.d());

        ObjectNode config = config("gpt2", "GPT2LMHeadModel", "float32");
        config.put("vocab_size", s.vocab()).put("n_positions", positions).put("n_ctx", positions)
                .put("n_embd", s.d()).put("n_layer", s.layers()).put("n_head", s.heads())
                .putNull("n_inner");
        if (s.dFf() != 4 * s.d()) config.put("n_inner", s.dFf());
        config.put("activation_function", "gelu_new").put("layer_norm_epsilon", 1e-5)
                .put("bos_token_id", s.vocab() - 1).put("eos_token_id", s.vocab() - 1)
                .put("attn_pdrop", 0.1).put("embd_pdrop", 0.1).put("resid_pdrop", 0.1);
        List<String> tokens = TestTokenizers.byteLevel(s.vocab());
        TestTokenizers.writeTokenizerJson(created(dir), tokens, Set.of("<|endoftext|>"), true);
        return finish(dir, config, s, b, b.writeSingle(dir), tokens);
    }

    /**
     * Llama, BF16, grouped-query attention (4 heads over 2 kv heads) with an explicit head_dim of 6
     * (so heads * head_dim differs from d), untied lm_head, saved in two shards with an index.
     */
    public static TestCheckpoint llama(Path dir) throws IOException {
        return llama(dir, new Sizes(80, 16, 2, 4, 2, 6, 40));
    }

    /** {@link #llama(Path)} at other sizes (GGUF's quantized types need rows of 32 or 256 elements). */
    public static TestCheckpoint llama(Path dir, Sizes s) throws IOException {
        CheckpointBuilder b = llamaWeights(7, DType.BF16, s, false);
        b.random("lm_head.weight", s.vocab(), s.d());

        ObjectNode config = llamaConfig("llama", "LlamaForCausalLM", "bfloat16", s);
        config.put("head_dim", s.headDim()).put("rms_norm_eps", 1e-5).put("rope_theta", 500000.0)
                .put("attention_bias", false).put("mlp_bias", false).put("tie_word_embeddings", false)
                .put("bos_token_id", 1).put("eos_token_id", 2);
        List<String> tokens = TestTokenizers.sentencePiece(s.vocab());
        TestTokenizers.writeTokenizerJson(created(dir), tokens, Set.of("<unk>", "<s>", "</s>"), false);
        // The embeddings and layer 0 in the first shard, the rest in the second.
        List<Path> files = b.writeShards(dir, 2,
                name -> name.startsWith("model.embed_tokens.") || name.startsWith("model.layers.0.") ? 0 : 1);
        return finish(dir, config, s, b, files, tokens);
    }

    /** Qwen2, F16, multi-query attention (4 heads over 1 kv head), q/k/v biases, tied embeddings. */
    public static TestCheckpoint qwen2(Path dir) throws IOException {
        Sizes s = new Sizes(72, 16, 2, 4, 1, 4, 32);
        CheckpointBuilder b = llamaWeights(11, DType.F16, s, true);

        ObjectNode config = llamaConfig("qwen2", "Qwen2ForCausalLM", "float16", s);
        config.put("rms_norm_eps", 1e-6).put("rope_theta", 1000000.0).put("tie_word_embeddings", true)
                .put("use_sliding_window", false).put("bos_token_id", 70).put("eos_token_id", 71);
        List<String> tokens = TestTokenizers.byteLevel(s.vocab());
        TestTokenizers.writeTokenizerJson(created(dir), tokens, Set.of("<|endoftext|>"), true);
        return finish(dir, config, s, b, b.writeSingle(dir), tokens);
    }

    /**
     * GPT-NeoX (Pythia's layout), F16: the fused query_key_value [3d, d] with rows ordered
     * (head, {q, k, v}, head_dim), an untied embed_out, rotary on a quarter of each head.
     */
    public static TestCheckpoint gptNeoX(Path dir) throws IOException {
        Sizes s = new Sizes(72, 16, 2, 4, 4, 4, 64);
        CheckpointBuilder b = new CheckpointBuilder(5, DType.F16);
        b.random("gpt_neox.embed_in.weight", s.vocab(), s.d());
        for (int i = 0; i < s.layers(); i++) {
            String l = "gpt_neox.layers." + i + ".";
            b.layerNorm(l + "input_layernorm", s.d()).layerNorm(l + "post_attention_layernorm", s.d())
                    .random(l + "attention.query_key_value.weight", 3 * s.d(), s.d())
                    .random(l + "attention.query_key_value.bias", 3 * s.d())
                    .random(l + "attention.dense.weight", s.d(), s.d()).random(l + "attention.dense.bias", s.d())
                    .random(l + "mlp.dense_h_to_4h.weight", s.dFf(), s.d()).random(l + "mlp.dense_h_to_4h.bias", s.dFf())
                    .random(l + "mlp.dense_4h_to_h.weight", s.d(), s.dFf()).random(l + "mlp.dense_4h_to_h.bias", s.d());
        }
        b.layerNorm("gpt_neox.final_layer_norm", s.d()).random("embed_out.weight", s.vocab(), s.d());

        ObjectNode config = config("gpt_neox", "GPTNeoXForCausalLM", "float16");
        config.put("vocab_size", s.vocab()).put("hidden_size", s.d()).put("num_hidden_layers", s.layers())
                .put("num_attention_heads", s.heads()).put("intermediate_size", s.dFf())
                .put("max_position_embeddings", 64).put("hidden_act", "gelu").put("layer_norm_eps", 1e-5)
                .put("rotary_pct", 0.5).put("rotary_emb_base", 10000).put("use_parallel_residual", true)
                .put("tie_word_embeddings", false).put("bos_token_id", 0).put("eos_token_id", 0);
        List<String> tokens = TestTokenizers.byteLevel(s.vocab());
        TestTokenizers.writeTokenizerJson(created(dir), tokens, Set.of("<|endoftext|>"), true);
        return finish(dir, config, s, b, b.writeSingle(dir), tokens);
    }

    /** BERT as BertForMaskedLM saves it: {@code bert.} prefix, F32, the MLM head with its vocabulary bias. */
    public static TestCheckpoint bert(Path dir) throws IOException {
        return bert(dir, true);
    }

    /** BERT as sentence-transformers models (MiniLM, e5, bge) save it: no prefix, F32, a pooler. */
    public static TestCheckpoint bertBare(Path dir) throws IOException {
        return bert(dir, false);
    }

    /** BERT as BertForSequenceClassification saves it: {@code bert.} prefix, a pooler, and {@code classifier} [classes, d] with its bias. */
    public static TestCheckpoint bertClassifier(Path dir, int classes) throws IOException {
        return bert(dir, false, classes);
    }

    private static TestCheckpoint bert(Path dir, boolean maskedLm) throws IOException {
        return bert(dir, maskedLm, 0);
    }

    private static TestCheckpoint bert(Path dir, boolean maskedLm, int classes) throws IOException {
        Sizes s = new Sizes(64, 16, 2, 4, 4, 4, 32);
        int positions = 24;
        int types = 2;
        String p = maskedLm || classes > 0 ? "bert." : "";
        CheckpointBuilder b = new CheckpointBuilder(maskedLm ? 13 : classes > 0 ? 19 : 17, DType.F32);
        b.random(p + "embeddings.word_embeddings.weight", s.vocab(), s.d())
                .random(p + "embeddings.position_embeddings.weight", positions, s.d())
                .random(p + "embeddings.token_type_embeddings.weight", types, s.d())
                .layerNorm(p + "embeddings.LayerNorm", s.d());
        for (int i = 0; i < s.layers(); i++) {
            String l = p + "encoder.layer." + i + ".";
            for (String proj : List.of("query", "key", "value")) {
                b.random(l + "attention.self." + proj + ".weight", s.d(), s.d())
                        .random(l + "attention.self." + proj + ".bias", s.d());
            }
            b.random(l + "attention.output.dense.weight", s.d(), s.d()).random(l + "attention.output.dense.bias", s.d())
                    .layerNorm(l + "attention.output.LayerNorm", s.d())
                    .random(l + "intermediate.dense.weight", s.dFf(), s.d()).random(l + "intermediate.dense.bias", s.dFf())
                    .random(l + "output.dense.weight", s.d(), s.dFf()).random(l + "output.dense.bias", s.d())
                    .layerNorm(l + "output.LayerNorm", s.d());
        }
        if (maskedLm) {
            b.random("cls.predictions.bias", s.vocab())
                    .random("cls.predictions.transform.dense.weight", s.d(), s.d())
                    .random("cls.predictions.transform.dense.bias", s.d())
                    .layerNorm("cls.predictions.transform.LayerNorm", s.d());
        } else {
            b.random(p + "pooler.dense.weight", s.d(), s.d()).random(p + "pooler.dense.bias", s.d());
        }
        if (classes > 0) b.random("classifier.weight", classes, s.d()).random("classifier.bias", classes);

        ObjectNode config = config("bert", maskedLm ? "BertForMaskedLM" : classes > 0 ? "BertForSequenceClassification" : "BertModel",
                "float32");
        config.put("vocab_size", s.vocab()).put("hidden_size", s.d()).put("num_hidden_layers", s.layers())
                .put("num_attention_heads", s.heads()).put("intermediate_size", s.dFf())
                .put("max_position_embeddings", positions).put("type_vocab_size", types)
                .put("hidden_act", "gelu").put("layer_norm_eps", 1e-12).put("pad_token_id", 0)
                .put("position_embedding_type", "absolute")
                .put("attention_probs_dropout_prob", 0.1).put("hidden_dropout_prob", 0.1);
        List<String> tokens = TestTokenizers.wordPiece(s.vocab());
        TestTokenizers.writeVocabTxt(created(dir), tokens);
        return finish(dir, config, s, b, b.writeSingle(dir), tokens);
    }

    private static CheckpointBuilder llamaWeights(long seed, DType dtype, Sizes s, boolean qkvBias) {
        CheckpointBuilder b = new CheckpointBuilder(seed, dtype);
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        b.random("model.embed_tokens.weight", s.vocab(), s.d());
        for (int i = 0; i < s.layers(); i++) {
            String l = "model.layers." + i + ".";
            b.nearOne(l + "input_layernorm.weight", s.d())
                    .random(l + "self_attn.q_proj.weight", q, s.d())
                    .random(l + "self_attn.k_proj.weight", kv, s.d())
                    .random(l + "self_attn.v_proj.weight", kv, s.d())
                    .random(l + "self_attn.o_proj.weight", s.d(), q);
            if (qkvBias) {
                b.random(l + "self_attn.q_proj.bias", q).random(l + "self_attn.k_proj.bias", kv)
                        .random(l + "self_attn.v_proj.bias", kv);
            }
            b.nearOne(l + "post_attention_layernorm.weight", s.d())
                    .random(l + "mlp.gate_proj.weight", s.dFf(), s.d())
                    .random(l + "mlp.up_proj.weight", s.dFf(), s.d())
                    .random(l + "mlp.down_proj.weight", s.d(), s.dFf());
        }
        b.nearOne("model.norm.weight", s.d());
        return b;
    }

    private static ObjectNode llamaConfig(String modelType, String architecture, String dtype, Sizes s) {
        ObjectNode config = config(modelType, architecture, dtype);
        config.put("vocab_size", s.vocab()).put("hidden_size", s.d()).put("num_hidden_layers", s.layers())
                .put("num_attention_heads", s.heads()).put("num_key_value_heads", s.kvHeads())
                .put("intermediate_size", s.dFf()).put("max_position_embeddings", 64).put("hidden_act", "silu");
        return config;
    }

    private static ObjectNode config(String modelType, String architecture, String dtype) {
        ObjectNode config = CheckpointBuilder.object();
        config.putArray("architectures").add(architecture);
        config.put("model_type", modelType).put("torch_dtype", dtype).put("transformers_version", "4.46.0")
                .put("initializer_range", 0.02);
        return config;
    }

    private static Path created(Path dir) throws IOException {
        return Files.createDirectories(dir);
    }

    private static TestCheckpoint finish(Path dir, ObjectNode config, Sizes sizes, CheckpointBuilder b,
                                         List<Path> files, List<String> tokens) throws IOException {
        CheckpointBuilder.writeJson(dir.resolve("config.json"), config);
        return new TestCheckpoint(dir, sizes, b.tensors(), files, tokens);
    }
}
