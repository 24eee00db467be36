package dev.embspace.io.arch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.gguf.GgufFile;
import dev.embspace.io.gguf.GgufMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * From a llama.cpp GGUF file to the engine's transformer view: the family from
 * {@code general.architecture}, the sizes from its {@code {arch}.*} keys, the weights by llama.cpp's
 * tensor names ({@code token_embd}, {@code blk.N.attn_q}, {@code ffn_gate/up/down}, {@code output},
 * {@code output_norm}). llama.cpp stores every projection as torch's Linear does, [out, in] with the
 * input dimension contiguous (ggml's ne[0]), so what a unit reads is a row and what it writes a
 * column, whatever the family: GPT-2's Conv1D weights were transposed, and GPT-NeoX's per-head fused
 * q/k/v regrouped into q | k | v, by the converter. Llama's q and k rows were permuted within each
 * head for ggml's interleaved rotary (Hugging Face's row (half, i) is stored as (i, half)); they are
 * read as stored, with no copy, and the spec says the rotary is interleaved, so the forward pass is
 * the original model's. Within a head, {@code attn.q} and {@code attn.k} indices therefore follow
 * llama.cpp's order; head-level results (QK circuits, pairs) do not depend on it.
 */
public final class GgufArchitectures {

    private static final Set<String> SUPPORTED = Set.of("llama", "qwen2", "gpt2", "gptneox");
    /** Families llama.cpp writes that need model features the engine does not have yet. */
    private static final Set<String> LATER = Set.of("qwen3", "gemma", "gemma2", "gemma3", "phi3", "olmo2", "gptj");

    private GgufArchitectures() {
    }

    /** The architectures this build reads from GGUF, sorted. */
    public static List<String> supported() {
        return SUPPORTED.stream().sorted().toList();
    }

    /**
     * The transformer in {@code gguf}.
     *
     * @throws dev.embspace.engine.BadInputException naming the file when the architecture is not
     *         supported, a key is missing or mistyped, or a tensor is missing or has the wrong shape
     */
    public static Transformer load(GgufFile gguf, String name) {
        GgufMetadata md = gguf.metadata();
        String arch = md.requireString("general.architecture");
        if (!SUPPORTED.contains(arch)) {
            String why = LATER.contains(arch) ? " yet (its family needs norms or attention the engine does not model)" : "";
            throw md.bad("architecture '" + arch + "' is not supported" + why + "; GGUF files of "
                    + String.join(", ", supported()) + " are read");
        }
        // Weights names this file and the architecture in its errors.
        ModelConfig label = new ModelConfig(gguf.source(), JsonNodeFactory.instance.objectNode().put("model_type", arch));
        Weights w = Weights.root(label, gguf);
        Sizes s = Sizes.read(md, arch, gguf);
        return switch (arch) {
            case "llama", "qwen2" -> llama(md, arch, w, s, name);
            case "gpt2" -> gpt2(md, w, s, name);
            default -> gptNeoX(md, w, s, name);
        };
    }

    /** The sizes every family has, under its {@code {arch}.} prefix. */
    private record Sizes(int vocab, int d, int layers, int heads, int dFf, int positions) {
        static Sizes read(GgufMetadata md, String arch, GgufFile gguf) {
            int d = md.requirePositiveInt(arch + ".embedding_length");
            // The vocabulary is the embedding's row count; {arch}.vocab_size is optional in GGUF.
            int vocab = gguf.find("token_embd.weight").map(t -> t.dim(0)).orElseThrow(() ->
                    md.bad("tensor 'token_embd.weight' is missing (required for " + arch + ")"));
            return new Sizes(vocab, d, md.requirePositiveInt(arch + ".block_count"),
                    md.requirePositiveInt(arch + ".attention.head_count"),
                    md.requirePositiveInt(arch + ".feed_forward_length"),
                    md.positiveInt(arch + ".context_length", 2048));
        }

        int headDim(GgufMetadata md, String arch) {
            if (d % heads != 0) throw md.bad(arch + ".embedding_length " + d + " is not a multiple of the head count " + heads);
            return d / heads;
        }
    }

    private static Transformer llama(GgufMetadata md, String arch, Weights w, Sizes s, String name) {
        int kvHeads = md.positiveInt(arch + ".attention.head_count_kv", s.heads());
        if (s.heads() % kvHeads != 0) {
            throw md.bad(arch + ".attention.head_count " + s.heads() + " is not a multiple of head_count_kv " + kvHeads);
        }
        int headDim = md.has(arch + ".attention.key_length") ? md.requirePositiveInt(arch + ".attention.key_length")
                : s.headDim(md, arch);
        float eps = md.positiveFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
        float ropeTheta = md.positiveFloat(arch + ".rope.freq_base", 10000f);
        String ropeScaling = md.string(arch + ".rope.scaling.type").filter(t -> !t.equals("none")).orElse(null);
        boolean interleaved = arch.equals("llama");
        int q = s.heads() * headDim;
        int kv = kvHeads * headDim;
        Matrix tokens = w.matrix("token_embd.weight", s.vocab(), s.d());
        List<Block> blocks = new ArrayList<>(s.layers());
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            Attention attention = new Attention(s.heads(), kvHeads, headDim,
                    w.matrix(p + "attn_q.weight", q, s.d()), w.matrix(p + "attn_k.weight", kv, s.d()),
                    w.matrix(p + "attn_v.weight", kv, s.d()),
                    w.matrix(p + "attn_output.weight", s.d(), q).transpose(), // column h * headDim + j is what it writes
                    w.optional(p + "attn_q.bias", q).orElse(null), w.optional(p + "attn_k.bias", kv).orElse(null),
                    w.optional(p + "attn_v.bias", kv).orElse(null),
                    w.optional(p + "attn_output.bias", s.d()).orElse(null));
            Mlp mlp = new Mlp(w.matrix(p + "ffn_up.weight", s.dFf(), s.d()),
                    w.matrix(p + "ffn_gate.weight", s.dFf(), s.d()),
                    w.matrix(p + "ffn_down.weight", s.d(), s.dFf()).transpose(), // value i is column i
                    null, null, Activation.SILU);
            blocks.add(new Block(i, w.rmsNorm(p + "attn_norm", s.d(), eps), attention,
                    w.rmsNorm(p + "ffn_norm", s.d(), eps), mlp));
        }
        boolean tied = !w.has("output.weight");
        Matrix unembedding = tied ? tokens : w.matrix("output.weight", s.vocab(), s.d());
        ModelSpec spec = new ModelSpec(Family.LLAMA, arch, s.vocab(), s.d(), s.layers(), s.heads(), kvHeads, headDim,
                s.dFf(), s.positions(), Activation.SILU, false, false, 1f, ropeTheta, tied, ropeScaling, interleaved);
        return new Transformer(name, spec, new Embeddings(tokens, null, null, null, 0), blocks,
                w.rmsNorm("output_norm", s.d(), eps), unembedding, null);
    }

    private static Transformer gpt2(GgufMetadata md, Weights w, Sizes s, String name) {
        int headDim = s.headDim(md, "gpt2");
        float eps = md.positiveFloat("gpt2.attention.layer_norm_epsilon", 1e-5f);
        Matrix tokens = w.matrix("token_embd.weight", s.vocab(), s.d());
        Embeddings embeddings = new Embeddings(tokens, w.matrix("position_embd.weight", s.positions(), s.d()),
                null, null, 0);
        List<Block> blocks = new ArrayList<>(s.layers());
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            blocks.add(new Block(i, w.layerNorm(p + "attn_norm", s.d(), eps),
                    fusedAttention(w, p, s, headDim),
                    w.layerNorm(p + "ffn_norm", s.d(), eps),
                    biasedMlp(w, p, s, Activation.GELU_TANH)));
        }
        return finish(w, s, name, embeddings, blocks, eps,
                tied -> new ModelSpec(Family.GPT2, "gpt2", s.vocab(), s.d(), s.layers(), s.heads(), s.heads(), headDim,
                        s.dFf(), s.positions(), Activation.GELU_TANH, false, false, 0f, 0f, tied));
    }

    private static Transformer gptNeoX(GgufMetadata md, Weights w, Sizes s, String name) {
        int headDim = s.headDim(md, "gptneox");
        float eps = md.positiveFloat("gptneox.attention.layer_norm_epsilon", 1e-5f);
        int rotaryDims = md.positiveInt("gptneox.rope.dimension_count", headDim / 4);
        if (rotaryDims > headDim) throw md.bad("gptneox.rope.dimension_count " + rotaryDims + " exceeds the head size " + headDim);
        float ropeTheta = md.positiveFloat("gptneox.rope.freq_base", 10000f);
        boolean parallel = md.bool("gptneox.use_parallel_residual").orElse(true);
        Matrix tokens = w.matrix("token_embd.weight", s.vocab(), s.d());
        List<Block> blocks = new ArrayList<>(s.layers());
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            blocks.add(new Block(i, w.layerNorm(p + "attn_norm", s.d(), eps),
                    fusedAttention(w, p, s, headDim),
                    w.layerNorm(p + "ffn_norm", s.d(), eps),
                    biasedMlp(w, p, s, Activation.GELU)));
        }
        return finish(w, s, name, new Embeddings(tokens, null, null, null, 0), blocks, eps,
                tied -> new ModelSpec(Family.GPT_NEOX, "gptneox", s.vocab(), s.d(), s.layers(), s.heads(), s.heads(),
                        headDim, s.dFf(), s.positions(), Activation.GELU, false, parallel, (float) rotaryDims / headDim,
                        ropeTheta, tied));
    }

    /** GPT-2 and GPT-NeoX: attn_qkv [3d, d] as q | k | v rows, with biases, and a biased attn_output. */
    private static Attention fusedAttention(Weights w, String p, Sizes s, int headDim) {
        int d = s.d();
        Matrix qkv = w.matrix(p + "attn_qkv.weight", 3 * d, d);
        Tensor bias = w.tensor(p + "attn_qkv.bias", 3 * d);
        return new Attention(s.heads(), s.heads(), headDim,
                qkv.rowRange(0, d), qkv.rowRange(d, 2 * d), qkv.rowRange(2 * d, 3 * d),
                w.matrix(p + "attn_output.weight", d, d).transpose(),
                TensorViews.slice(bias, 0, d), TensorViews.slice(bias, d, d), TensorViews.slice(bias, 2L * d, d),
                w.tensor(p + "attn_output.bias", d));
    }

    private static Mlp biasedMlp(Weights w, String p, Sizes s, Activation activation) {
        return new Mlp(w.matrix(p + "ffn_up.weight", s.dFf(), s.d()), null,
                w.matrix(p + "ffn_down.weight", s.d(), s.dFf()).transpose(),
                w.tensor(p + "ffn_up.bias", s.dFf()), w.tensor(p + "ffn_down.bias", s.d()), activation);
    }

    /** The output side of the LayerNorm families: output_norm, and output.weight unless tied to token_embd. */
    private static Transformer finish(Weights w, Sizes s, String name, Embeddings embeddings, List<Block> blocks,
                                      float eps, Function<Boolean, ModelSpec> spec) {
        boolean tied = !w.has("output.weight");
        Matrix unembedding = tied ? embeddings.tokens() : w.matrix("output.weight", s.vocab(), s.d());
        Norm finalNorm = w.layerNorm("output_norm", s.d(), eps);
        return new Transformer(name, spec.apply(tied), embeddings, blocks, finalNorm, unembedding, null);
    }
}
