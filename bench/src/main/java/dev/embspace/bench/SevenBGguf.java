package dev.embspace.bench;

import dev.embspace.engine.tensor.DType;
import dev.embspace.io.gguf.GgufWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a Llama-2-7B-shaped GGUF file of synthetic weights (32 layers, d 4096, d_ff 11008, 32000
 * tokens; the matrices Q4_K and the output embedding Q6_K, as llama.cpp's Q4_K_M mostly stores
 * them; norms F32), to time {@code info} and {@code project} on a model of real size:
 * {@code java -cp benchmarks.jar dev.embspace.bench.SevenBGguf FILE}. The blocks are random codes
 * with small scales, streamed from one buffer, so the 3.9 GB file takes seconds to write.
 */
public final class SevenBGguf {

    static final int VOCAB = 32000, D = 4096, LAYERS = 32, HEADS = 32, FF = 11008;

    private SevenBGguf() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "llama-7b-synthetic.gguf");
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "llama").put("general.name", "synthetic 7B");
        w.put("llama.embedding_length", D).put("llama.block_count", LAYERS).put("llama.attention.head_count", HEADS)
                .put("llama.attention.head_count_kv", HEADS).put("llama.feed_forward_length", FF)
                .put("llama.context_length", 4096).put("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .put("llama.rope.freq_base", 10000f);
        String[] tokens = new String[VOCAB];
        float[] scores = new float[VOCAB];
        int[] types = new int[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            tokens[i] = i < 3 ? new String[] {"<unk>", "<s>", "</s>"}[i] : "\u2581w" + i;
            scores[i] = -i;
            types[i] = i < 3 ? 3 : 1;
        }
        w.put("tokenizer.ggml.model", "llama").put("tokenizer.ggml.tokens", tokens)
                .put("tokenizer.ggml.scores", scores).put("tokenizer.ggml.token_type", types);
        matrix(w, "token_embd.weight", DType.Q4_K, VOCAB, D);
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            norm(w, p + "attn_norm.weight");
            for (String t : new String[] {"attn_q", "attn_k", "attn_v", "attn_output"}) matrix(w, p + t + ".weight", DType.Q4_K, D, D);
            norm(w, p + "ffn_norm.weight");
            matrix(w, p + "ffn_gate.weight", DType.Q4_K, FF, D);
            matrix(w, p + "ffn_up.weight", DType.Q4_K, FF, D);
            matrix(w, p + "ffn_down.weight", DType.Q4_K, D, FF);
        }
        norm(w, "output_norm.weight");
        matrix(w, "output.weight", DType.Q6_K, VOCAB, D);
        long start = System.nanoTime();
        w.write(file);
        System.out.printf("wrote %s: %,d bytes in %.1f s%n", file, Files.size(file), (System.nanoTime() - start) / 1e9);
    }

    private static void norm(GgufWriter w, String name) {
        float[] ones = new float[D];
        Arrays.fill(ones, 1f);
        w.tensor(name, DType.F32, new int[] {D}, ones);
    }

    private static void matrix(GgufWriter w, String name, DType type, int rows, int cols) {
        long bytes = type.byteSize((long) rows * cols);
        byte[] pattern = QuantizedProjectionBenchmark.synthetic(type, name.hashCode(), 256, 256).segment()
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        w.tensor(name, type, new int[] {rows, cols}, bytes, out -> repeat(out, pattern, bytes));
    }

    /** {@code bytes} bytes of whole repetitions of {@code pattern} (a whole number of blocks). */
    private static void repeat(OutputStream out, byte[] pattern, long bytes) throws IOException {
        for (long written = 0; written < bytes; written += pattern.length) {
            out.write(pattern, 0, (int) Math.min(pattern.length, bytes - written));
        }
    }
}
