package dev.embspace.io.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.tensor.DType;
import dev.embspace.io.testmodels.RawTensor;
import dev.embspace.io.testmodels.TestCheckpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * GGUF files converted from the Hugging Face test checkpoints as llama.cpp's convert_hf_to_gguf.py
 * converts them: llama.cpp's tensor names, Llama's q and k rows permuted for interleaved rotary,
 * GPT-2's Conv1D weights transposed, GPT-NeoX's per-head fused q/k/v regrouped into q | k | v, the
 * sizes under {@code {arch}.*} and the tokenizer under {@code tokenizer.ggml.*}. Matrices are stored
 * in {@code weightType} where their rows are whole blocks of it (llama.cpp falls back the same way),
 * norms and biases in F32.
 */
public final class GgufFixtures {

    private GgufFixtures() {
    }

    public static Path llama(TestCheckpoint c, DType weightType, Path file) throws IOException {
        return llamaLike(c, "llama", weightType, file);
    }

    public static Path qwen2(TestCheckpoint c, DType weightType, Path file) throws IOException {
        return llamaLike(c, "qwen2", weightType, file);
    }

    private static Path llamaLike(TestCheckpoint c, String arch, DType weightType, Path file) throws IOException {
        TestCheckpoint.Sizes s = c.sizes();
        JsonNode config = new ObjectMapper().readTree(c.config().toFile());
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", arch);
        w.put(arch + ".embedding_length", s.d()).put(arch + ".block_count", s.layers())
                .put(arch + ".attention.head_count", s.heads()).put(arch + ".attention.head_count_kv", s.kvHeads())
                .put(arch + ".feed_forward_length", s.dFf()).put(arch + ".context_length", 64)
                .put(arch + ".attention.key_length", s.headDim()).put(arch + ".attention.value_length", s.headDim())
                .put(arch + ".attention.layer_norm_rms_epsilon", (float) config.get("rms_norm_eps").asDouble())
                .put(arch + ".rope.freq_base", (float) config.get("rope_theta").asDouble());
        tokenizer(w, c, arch.equals("llama") ? "llama" : "gpt2");
        boolean permute = arch.equals("llama");
        matrix(w, "token_embd.weight", c.raw("model.embed_tokens.weight"), weightType, UnaryOperator.identity());
        for (int i = 0; i < s.layers(); i++) {
            String hf = "model.layers." + i + ".";
            String g = "blk." + i + ".";
            vector(w, g + "attn_norm.weight", c.raw(hf + "input_layernorm.weight"));
            UnaryOperator<float[]> q = permute ? rows -> permute(rows, s.heads(), s.headDim(), s.d()) : UnaryOperator.identity();
            UnaryOperator<float[]> k = permute ? rows -> permute(rows, s.kvHeads(), s.headDim(), s.d()) : UnaryOperator.identity();
            matrix(w, g + "attn_q.weight", c.raw(hf + "self_attn.q_proj.weight"), weightType, q);
            matrix(w, g + "attn_k.weight", c.raw(hf + "self_attn.k_proj.weight"), weightType, k);
            matrix(w, g + "attn_v.weight", c.raw(hf + "self_attn.v_proj.weight"), weightType, UnaryOperator.identity());
            matrix(w, g + "attn_output.weight", c.raw(hf + "self_attn.o_proj.weight"), weightType, UnaryOperator.identity());
            for (String part : List.of("q", "k", "v")) {
                if (c.tensors().containsKey(hf + "self_attn." + part + "_proj.bias")) {
                    vector(w, g + "attn_" + part + ".bias", c.raw(hf + "self_attn." + part + "_proj.bias"));
                }
            }
            vector(w, g + "ffn_norm.weight", c.raw(hf + "post_attention_layernorm.weight"));
            matrix(w, g + "ffn_gate.weight", c.raw(hf + "mlp.gate_proj.weight"), weightType, UnaryOperator.identity());
            matrix(w, g + "ffn_up.weight", c.raw(hf + "mlp.up_proj.weight"), weightType, UnaryOperator.identity());
            matrix(w, g + "ffn_down.weight", c.raw(hf + "mlp.down_proj.weight"), weightType, UnaryOperator.identity());
        }
        vector(w, "output_norm.weight", c.raw("model.norm.weight"));
        if (c.tensors().containsKey("lm_head.weight")) {
            matrix(w, "output.weight", c.raw("lm_head.weight"), weightType, UnaryOperator.identity());
        }
        return w.write(file);
    }

    public static Path gpt2(TestCheckpoint c, DType weightType, Path file) throws IOException {
        TestCheckpoint.Sizes s = c.sizes();
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "gpt2");
        w.put("gpt2.embedding_length", s.d()).put("gpt2.block_count", s.layers()).put("gpt2.attention.head_count", s.heads())
                .put("gpt2.feed_forward_length", s.dFf()).put("gpt2.context_length", 32)
                .put("gpt2.attention.layer_norm_epsilon", 1e-5f);
        tokenizer(w, c, "gpt2");
        matrix(w, "token_embd.weight", c.raw("wte.weight"), weightType, UnaryOperator.identity());
        matrix(w, "position_embd.weight", c.raw("wpe.weight"), weightType, UnaryOperator.identity());
        for (int i = 0; i < s.layers(); i++) {
            String hf = "h." + i + ".";
            String g = "blk." + i + ".";
            layerNorm(w, g + "attn_norm", c, hf + "ln_1");
            transposed(w, g + "attn_qkv.weight", c.raw(hf + "attn.c_attn.weight"), weightType);
            vector(w, g + "attn_qkv.bias", c.raw(hf + "attn.c_attn.bias"));
            transposed(w, g + "attn_output.weight", c.raw(hf + "attn.c_proj.weight"), weightType);
            vector(w, g + "attn_output.bias", c.raw(hf + "attn.c_proj.bias"));
            layerNorm(w, g + "ffn_norm", c, hf + "ln_2");
            transposed(w, g + "ffn_up.weight", c.raw(hf + "mlp.c_fc.weight"), weightType);
            vector(w, g + "ffn_up.bias", c.raw(hf + "mlp.c_fc.bias"));
            transposed(w, g + "ffn_down.weight", c.raw(hf + "mlp.c_proj.weight"), weightType);
            vector(w, g + "ffn_down.bias", c.raw(hf + "mlp.c_proj.bias"));
        }
        layerNorm(w, "output_norm", c, "ln_f");
        // convert_hf_to_gguf writes GPT-2's tied output embedding out as its own tensor
        matrix(w, "output.weight", c.raw("wte.weight"), weightType, UnaryOperator.identity());
        return w.write(file);
    }

    public static Path gptNeoX(TestCheckpoint c, DType weightType, Path file) throws IOException {
        TestCheckpoint.Sizes s = c.sizes();
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "gptneox");
        w.put("gptneox.embedding_length", s.d()).put("gptneox.block_count", s.layers())
                .put("gptneox.attention.head_count", s.heads()).put("gptneox.feed_forward_length", s.dFf())
                .put("gptneox.context_length", 64).put("gptneox.rope.dimension_count", s.headDim() / 2)
                .put("gptneox.use_parallel_residual", true).put("gptneox.attention.layer_norm_epsilon", 1e-5f);
        tokenizer(w, c, "gpt2");
        matrix(w, "token_embd.weight", c.raw("gpt_neox.embed_in.weight"), weightType, UnaryOperator.identity());
        for (int i = 0; i < s.layers(); i++) {
            String hf = "gpt_neox.layers." + i + ".";
            String g = "blk." + i + ".";
            layerNorm(w, g + "attn_norm", c, hf + "input_layernorm");
            matrix(w, g + "attn_qkv.weight", c.raw(hf + "attention.query_key_value.weight"), weightType,
                    rows -> regroup(rows, s.heads(), s.headDim() * s.d()));
            vector(w, g + "attn_qkv.bias", regroup(c.raw(hf + "attention.query_key_value.bias").data(), s.heads(), s.headDim()));
            matrix(w, g + "attn_output.weight", c.raw(hf + "attention.dense.weight"), weightType, UnaryOperator.identity());
            vector(w, g + "attn_output.bias", c.raw(hf + "attention.dense.bias"));
            layerNorm(w, g + "ffn_norm", c, hf + "post_attention_layernorm");
            matrix(w, g + "ffn_up.weight", c.raw(hf + "mlp.dense_h_to_4h.weight"), weightType, UnaryOperator.identity());
            vector(w, g + "ffn_up.bias", c.raw(hf + "mlp.dense_h_to_4h.bias"));
            matrix(w, g + "ffn_down.weight", c.raw(hf + "mlp.dense_4h_to_h.weight"), weightType, UnaryOperator.identity());
            vector(w, g + "ffn_down.bias", c.raw(hf + "mlp.dense_4h_to_h.bias"));
        }
        layerNorm(w, "output_norm", c, "gpt_neox.final_layer_norm");
        matrix(w, "output.weight", c.raw("embed_out.weight"), weightType, UnaryOperator.identity());
        return w.write(file);
    }

    /** tokenizer.ggml.*: the checkpoint's tokens, the special ones typed as control tokens. */
    static void tokenizer(GgufWriter w, TestCheckpoint c, String model) {
        String[] tokens = c.tokens().toArray(String[]::new);
        int[] types = new int[tokens.length];
        float[] scores = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            boolean special = tokens[i].startsWith("<") && tokens[i].endsWith(">");
            types[i] = special ? 3 : 1;
            scores[i] = -i;
        }
        w.put("tokenizer.ggml.model", model).put("tokenizer.ggml.tokens", tokens)
                .put("tokenizer.ggml.token_type", types).put("tokenizer.ggml.scores", scores);
        if (model.equals("gpt2")) w.put("tokenizer.ggml.merges", new String[0]).put("tokenizer.ggml.pre", "gpt-2");
    }

    /** A 2-D weight, stored quantized where its rows are whole blocks, else F32. */
    private static void matrix(GgufWriter w, String name, RawTensor t, DType type, UnaryOperator<float[]> layout) {
        int cols = t.shape()[1];
        DType stored = cols % type.blockElements() == 0 ? type : DType.F32;
        w.tensor(name, stored, t.shape(), ReferenceQuantizer.encode(stored, layout.apply(t.data().clone())));
    }

    private static void transposed(GgufWriter w, String name, RawTensor t, DType type) {
        int rows = t.shape()[0], cols = t.shape()[1];
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) out[col * rows + r] = t.data()[r * cols + col];
        }
        DType stored = rows % type.blockElements() == 0 ? type : DType.F32;
        w.tensor(name, stored, new int[] {cols, rows}, ReferenceQuantizer.encode(stored, out));
    }

    private static void vector(GgufWriter w, String name, RawTensor t) {
        vector(w, name, t.data());
    }

    private static void vector(GgufWriter w, String name, float[] data) {
        w.tensor(name, DType.F32, new int[] {data.length}, data);
    }

    private static void layerNorm(GgufWriter w, String name, TestCheckpoint c, String hf) {
        vector(w, name + ".weight", c.raw(hf + ".weight"));
        vector(w, name + ".bias", c.raw(hf + ".bias"));
    }

    /** llama.cpp's permute: each head's rows (half, i) become (i, half). */
    static float[] permute(float[] rows, int heads, int headDim, int cols) {
        float[] out = new float[rows.length];
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            for (int part = 0; part < 2; part++) {
                for (int i = 0; i < half; i++) {
                    int from = h * headDim + part * half + i;
                    int to = h * headDim + 2 * i + part;
                    System.arraycopy(rows, from * cols, out, to * cols, cols);
                }
            }
        }
        return out;
    }

    /** NeoX's (head, {q, k, v}, block) order to (q | k | v, head, block); {@code block} floats per (head, part). */
    static float[] regroup(float[] data, int heads, int block) {
        float[] out = new float[data.length];
        for (int h = 0; h < heads; h++) {
            for (int part = 0; part < 3; part++) {
                System.arraycopy(data, (h * 3 + part) * block, out, (part * heads + h) * block, block);
            }
        }
        return out;
    }
}
