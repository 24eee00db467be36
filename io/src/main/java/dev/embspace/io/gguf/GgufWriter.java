package dev.embspace.io.gguf;

import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.io.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF version 3 files as llama.cpp's gguf-py lays them out: header, metadata, tensor infos,
 * padding to the alignment, then each tensor's bytes at an aligned offset. The tests convert their
 * checkpoints with it and the benchmark writes a 7B-shaped file, whose tensors are streamed rather
 * than held. Every field can be overridden, so a test can break one thing at a time.
 */
public final class GgufWriter {

    /** Writes a tensor's bytes, exactly {@link Entry#bytes} of them. */
    @FunctionalInterface
    public interface Data {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A tensor as written: ggml's ne (innermost first), type id, size and data, offset if forced. */
    public static final class Entry {
        final String name;
        long[] ne;
        long typeId;
        final long bytes;
        final Data data;
        Long offset;

        Entry(String name, int[] shape, long typeId, long bytes, Data data) {
            this.name = name;
            this.ne = new long[shape.length];
            for (int i = 0; i < shape.length; i++) ne[i] = shape[shape.length - 1 - i];
            this.typeId = typeId;
            this.bytes = bytes;
            this.data = data;
        }

        public Entry ne(long... ne) {
            this.ne = ne;
            return this;
        }

        public Entry typeId(long id) {
            this.typeId = id;
            return this;
        }

        public Entry offset(long offset) {
            this.offset = offset;
            return this;
        }
    }

    private final List<Map.Entry<String, byte[]>> metadata = new ArrayList<>();
    private final List<Entry> tensors = new ArrayList<>();
    public int version = 3;
    public long alignment = GgufFile.DEFAULT_ALIGNMENT;
    public Long tensorCount;
    public Long kvCount;
    /** Where the tensor data started in the last file written. */
    public long dataStart;

    /** Metadata of a Java value: String, Integer (INT32), Long (UINT64), Float (FLOAT32), Boolean, String[], float[], int[]. */
    public GgufWriter put(String key, Object value) {
        return putRaw(key, typed(value));
    }

    /** Metadata whose value (type id and payload) is given as raw bytes; replaces an earlier value of the key. */
    public GgufWriter putRaw(String key, byte[] typeAndValue) {
        metadata.removeIf(e -> e.getKey().equals(key));
        return appendRaw(key, typeAndValue);
    }

    /** Metadata appended even when the key is already there (a malformed file). */
    public GgufWriter appendRaw(String key, byte[] typeAndValue) {
        metadata.add(Map.entry(key, typeAndValue));
        return this;
    }

    /** A tensor from its stored bytes; one already written under {@code name} is replaced. */
    public Entry tensor(String name, DType type, int[] shape, byte[] data) {
        tensors.removeIf(e -> e.name.equals(name));
        return appendTensor(name, type, shape, data);
    }

    /** A dense (F32, F16, BF16) tensor from floats. */
    public Entry tensor(String name, DType type, int[] shape, float[] values) {
        return tensor(name, type, shape, encode(type, values));
    }

    /** A tensor whose {@code bytes} bytes are streamed by {@code data} when the file is written. */
    public Entry tensor(String name, DType type, int[] shape, long bytes, Data data) {
        tensors.removeIf(e -> e.name.equals(name));
        Entry e = new Entry(name, shape, typeId(type), bytes, data);
        tensors.add(e);
        return e;
    }

    /** A tensor appended even when the name is taken (a malformed file). */
    public Entry appendTensor(String name, DType type, int[] shape, byte[] data) {
        Entry e = new Entry(name, shape, typeId(type), data.length, out -> out.write(data));
        tensors.add(e);
        return e;
    }

    /** F32, F16 or BF16 little-endian bytes of {@code values}. */
    public static byte[] encode(DType type, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(type.byteSize(values.length))).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case F32 -> buf.putFloat(v);
                case F16 -> buf.putShort(Float.floatToFloat16(v));
                case BF16 -> buf.putShort(BF16Tensor.fromFloat(v));
                default -> throw new IllegalArgumentException(type + " is quantized: encode it with a quantizer");
            }
        }
        return buf.array();
    }

    static long typeId(DType type) {
        return switch (type) {
            case F32 -> 0; case F16 -> 1; case Q4_0 -> 2; case Q4_1 -> 3; case Q5_0 -> 6; case Q5_1 -> 7;
            case Q8_0 -> 8; case Q4_K -> 12; case Q5_K -> 13; case Q6_K -> 14; case BF16 -> 30;
        };
    }

    /** The whole file in memory (for small files). */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the file atomically, streaming the tensors. */
    public Path write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 20);
            writeTo(out);
            out.flush();
        });
        return file;
    }

    private void writeTo(OutputStream sink) throws IOException {
        Out head = new Out();
        head.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
        head.u32(version);
        head.u64(tensorCount != null ? tensorCount : tensors.size());
        head.u64(kvCount != null ? kvCount : metadata.size());
        for (Map.Entry<String, byte[]> e : metadata) {
            head.string(e.getKey());
            head.raw(e.getValue());
        }
        long next = 0;
        long[] offsets = new long[tensors.size()];
        for (int i = 0; i < offsets.length; i++) {
            Entry e = tensors.get(i);
            offsets[i] = e.offset != null ? e.offset : next;
            next = align(Math.max(next, offsets[i] + e.bytes));
            head.string(e.name);
            head.u32(e.ne.length);
            for (long n : e.ne) head.u64(n);
            head.u32(e.typeId);
            head.u64(offsets[i]);
        }
        dataStart = align(head.size());
        while (head.size() < dataStart) head.write(0);
        head.writeTo(sink);
        if (tensors.stream().noneMatch(e -> e.offset != null)) {
            long at = 0;
            for (int i = 0; i < offsets.length; i++) {
                for (; at < offsets[i]; at++) sink.write(0);
                tensors.get(i).data.writeTo(sink);
                at += tensors.get(i).bytes;
            }
        } else {
            sink.write(scattered(offsets));
        }
    }

    /**
     * A layout with forced offsets (a malformed file: overlapping, misaligned or far out of range)
     * assembled in memory; data at offsets far outside any real file is left out, so such a file
     * can be written at all. Without forced offsets the tensors follow each other and are streamed.
     */
    private byte[] scattered(long[] offsets) throws IOException {
        long end = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (placeable(offsets[i])) end = Math.max(end, offsets[i] + tensors.get(i).bytes);
        }
        byte[] data = new byte[Math.toIntExact(end)];
        for (int i = 0; i < offsets.length; i++) {
            if (!placeable(offsets[i])) continue;
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            tensors.get(i).data.writeTo(one);
            System.arraycopy(one.toByteArray(), 0, data, (int) offsets[i], one.size());
        }
        return data;
    }

    private static boolean placeable(long offset) {
        return offset >= 0 && offset < (1 << 24);
    }

    private long align(long position) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private static byte[] typed(Object value) {
        Out out = new Out();
        switch (value) {
            case String s -> out.u32(8).string(s);
            case Integer i -> out.u32(5).u32(i);
            case Long l -> out.u32(10).u64(l);
            case Float f -> out.u32(6).u32(Float.floatToRawIntBits(f));
            case Boolean b -> out.u32(7).raw(new byte[] {(byte) (b ? 1 : 0)});
            case String[] a -> {
                out.u32(9).u32(8).u64(a.length);
                for (String s : a) out.string(s);
            }
            case float[] a -> {
                out.u32(9).u32(6).u64(a.length);
                for (float f : a) out.u32(Float.floatToRawIntBits(f));
            }
            case int[] a -> {
                out.u32(9).u32(5).u64(a.length);
                for (int i : a) out.u32(i);
            }
            default -> throw new IllegalArgumentException("no GGUF type for " + value.getClass());
        }
        return out.toByteArray();
    }

    /** Little-endian output. */
    private static final class Out extends ByteArrayOutputStream {
        Out u32(long v) {
            for (int i = 0; i < 4; i++) write((int) (v >>> (8 * i)));
            return this;
        }

        Out u64(long v) {
            for (int i = 0; i < 8; i++) write((int) (v >>> (8 * i)));
            return this;
        }

        Out string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            return raw(b);
        }

        Out raw(byte[] b) {
            writeBytes(b);
            return this;
        }
    }
}
