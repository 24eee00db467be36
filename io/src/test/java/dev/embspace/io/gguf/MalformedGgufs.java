package dev.embspace.io.gguf;

import dev.embspace.engine.tensor.DType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A corpus of malformed GGUF files, each broken in one way, with the words its error must contain:
 * truncations, counts and lengths larger than the file, bad types, misaligned, overlapping and
 * out-of-range tensors, unsupported versions and architectures. Each is otherwise a loadable model.
 */
public final class MalformedGgufs {

    /** One malformed file: its name, a phrase its one-line error must contain, and how to write it. */
    public record Case(String name, String problem, Writer writer) {
        public Path writeInto(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".gguf");
            Files.write(file, writer.bytes());
            return file;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public interface Writer {
        byte[] bytes() throws IOException;
    }

    private MalformedGgufs() {
    }

    /** A valid tiny llama: d 32, one layer, its tokenizer; tensors F32 and Q8_0. */
    static GgufWriter valid() {
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", "llama");
        w.put("llama.embedding_length", 32).put("llama.block_count", 1).put("llama.attention.head_count", 2)
                .put("llama.feed_forward_length", 32).put("llama.context_length", 16);
        String[] tokens = new String[8];
        for (int i = 0; i < tokens.length; i++) tokens[i] = "t" + i;
        w.put("tokenizer.ggml.model", "llama").put("tokenizer.ggml.tokens", tokens);
        float[] m = new float[32 * 32];
        for (int i = 0; i < m.length; i++) m[i] = (i % 13) / 13f - 0.5f;
        float[] ones = new float[32];
        Arrays.fill(ones, 1f);
        w.tensor("token_embd.weight", DType.Q8_0, new int[] {8, 32}, ReferenceQuantizer.encode(DType.Q8_0, Arrays.copyOf(m, 8 * 32)));
        for (String t : List.of("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")) {
            w.tensor("blk.0." + t + ".weight", DType.Q8_0, new int[] {32, 32}, ReferenceQuantizer.encode(DType.Q8_0, m));
        }
        w.tensor("blk.0.attn_norm.weight", DType.F32, new int[] {32}, ones);
        w.tensor("blk.0.ffn_norm.weight", DType.F32, new int[] {32}, ones);
        w.tensor("output_norm.weight", DType.F32, new int[] {32}, ones);
        return w;
    }

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        GgufWriter base = valid();
        byte[] good = base.bytes();
        int headerEnd = (int) base.dataStart - 40;
        // Whole-file damage
        cases.add(raw("empty file", "too short", new byte[0]));
        cases.add(raw("ten bytes", "too short", Arrays.copyOf(good, 10)));
        cases.add(raw("wrong magic", "not a GGUF file", patch(good, 0, "GGML".getBytes())));
        cases.add(raw("version 1", "version 1", patchU32(good, 4, 1)));
        cases.add(raw("version 4", "unsupported GGUF version 4", patchU32(good, 4, 4)));
        cases.add(raw("big-endian version", "big-endian", patchU32(good, 4, 0x03000000)));
        cases.add(raw("tensor count 2^63", "tensor count", patchU64(good, 8, Long.MIN_VALUE)));
        cases.add(raw("tensor count 2^40", "tensor count", patchU64(good, 8, 1L << 40)));
        cases.add(raw("metadata count 2^62", "metadata count", patchU64(good, 16, 1L << 62)));
        cases.add(raw("truncated in the metadata", "truncated", Arrays.copyOf(good, 60)));
        cases.add(raw("truncated in the tensor infos", "truncated", Arrays.copyOf(good, headerEnd)));
        cases.add(raw("truncated in the data", "past the data region", Arrays.copyOf(good, good.length - 100)));
        // Metadata values
        cases.add(edit("string length past the end", "more than", w -> w.putRaw("x", typed(8, u64(1L << 40)))));
        cases.add(edit("string length -1", "more than", w -> w.putRaw("x", typed(8, u64(-1)))));
        cases.add(edit("array length 2^50", "array length", w -> w.putRaw("x", typed(9, concat(u32(5), u64(1L << 50))))));
        cases.add(edit("string in array past the end", "more than",
                w -> w.putRaw("x", typed(9, concat(u32(8), u64(2), u64(1), "a".getBytes(), u64(1L << 33))))));
        cases.add(edit("unknown value type", "unknown value type 13", w -> w.putRaw("x", u32(13))));
        cases.add(edit("unknown array element type", "unknown value type 99", w -> w.putRaw("x", typed(9, concat(u32(99), u64(1))))));
        cases.add(edit("bool holding 2", "bool", w -> w.putRaw("x", typed(7, new byte[] {2}))));
        cases.add(edit("invalid UTF-8 string", "not valid UTF-8", w -> w.putRaw("x", typed(8, concat(u64(2), new byte[] {(byte) 0xC3, 0x28})))));
        cases.add(edit("arrays nested too deep", "nests arrays", w -> w.putRaw("x", nested(7))));
        cases.add(edit("alignment 24", "power of two", w -> w.put("general.alignment", 24)));
        cases.add(edit("alignment 0", "power of two", w -> w.put("general.alignment", 0)));
        cases.add(edit("alignment a string", "must be an integer", w -> w.put("general.alignment", "32")));
        cases.add(edit("duplicate metadata key", "appears twice", w -> w.appendRaw("llama.block_count", typed(5, u32(1)))));
        // Tensor infos
        cases.add(edit("five dimensions", "dimensions", w -> w.tensor("x", DType.F32, new int[] {1, 1, 1, 1, 1}, new float[1])));
        cases.add(edit("dimension 2^40", "dimension", w -> w.tensor("x", DType.F32, new int[] {1}, new float[1]).ne(1L << 40)));
        cases.add(edit("element count overflows", "too many elements",
                w -> w.tensor("x", DType.F32, new int[] {1}, new float[1]).ne(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 4)));
        cases.add(edit("unknown tensor type", "unknown type 99", w -> w.tensor("x", DType.F32, new int[] {1}, new float[1]).typeId(99)));
        cases.add(edit("Q2_K tensor", "Q2_K", w -> w.tensor("x", DType.F32, new int[] {1}, new float[1]).typeId(10)));
        cases.add(edit("IQ2_XXS tensor", "IQ2_XXS", w -> w.tensor("x", DType.F32, new int[] {1}, new float[1]).typeId(16)));
        cases.add(edit("Q8_0 rows of 16", "whole number of blocks",
                w -> w.tensor("x", DType.F32, new int[] {2, 16}, new float[32]).typeId(8)));
        cases.add(edit("misaligned offset", "not a multiple of the alignment",
                w -> w.tensor("x", DType.F32, new int[] {1}, new float[1]).offset(4)));
        cases.add(edit("overlapping tensors", "overlap", w -> w.tensor("x", DType.F32, new int[] {8}, new float[8]).offset(0)));
        cases.add(edit("tensor past the end", "past the data region",
                w -> w.tensor("x", DType.F32, new int[] {8}, new float[8]).offset(1L << 40)));
        cases.add(edit("negative offset", "offset", w -> w.tensor("x", DType.F32, new int[] {8}, new float[8]).offset(-32)));
        cases.add(edit("duplicate tensor", "listed twice",
                w -> w.appendTensor("output_norm.weight", DType.F32, new int[] {1}, GgufWriter.encode(DType.F32, new float[1]))));
        cases.add(edit("name with a newline", "listed twice", w -> {
            w.appendTensor("a\nb", DType.F32, new int[] {1}, GgufWriter.encode(DType.F32, new float[1]));
            w.appendTensor("a\nb", DType.F32, new int[] {1}, GgufWriter.encode(DType.F32, new float[1]));
        }));
        // The model it describes
        cases.add(edit("unsupported architecture", "architecture 'qwen3' is not supported", w -> w.put("general.architecture", "qwen3")));
        cases.add(edit("architecture a number", "must be a string", w -> w.put("general.architecture", 7)));
        cases.add(edit("missing block count", "llama.block_count", w -> w.put("llama.block_count", 0)));
        cases.add(edit("tensor of the wrong shape", "blk.0.attn_norm.weight",
                w -> w.tensor("blk.0.attn_norm.weight", DType.F32, new int[] {16}, new float[16])));
        return cases;
    }

    private static Case raw(String name, String problem, byte[] bytes) {
        return new Case(name, problem, () -> bytes);
    }

    /** The valid file with one change; a tensor added under an existing name replaces it. */
    private static Case edit(String name, String problem, Consumer<GgufWriter> change) {
        return new Case(name, problem, () -> {
            GgufWriter w = valid();
            change.accept(w);
            return w.bytes();
        });
    }

    private static byte[] patch(byte[] file, int at, byte[] with) {
        byte[] out = file.clone();
        System.arraycopy(with, 0, out, at, with.length);
        return out;
    }

    private static byte[] patchU32(byte[] file, int at, int v) {
        return patch(file, at, u32(v));
    }

    private static byte[] patchU64(byte[] file, int at, long v) {
        return patch(file, at, u64(v));
    }

    static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] typed(int type, byte[] payload) {
        return concat(u32(type), payload);
    }

    /** An array of arrays {@code depth} deep (the innermost an empty int32 array), as a typed value. */
    static byte[] nested(int depth) {
        byte[] inner = concat(u32(5), u64(0));
        for (int i = 0; i < depth; i++) inner = concat(u32(9), u64(1), inner);
        return concat(u32(9), inner);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

}
