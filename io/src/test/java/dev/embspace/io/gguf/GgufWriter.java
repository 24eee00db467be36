package dev.embspace.io.gguf;

import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF files for the tests, as llama.cpp's gguf-py lays them out: header, metadata, tensor
 * infos, padding to the alignment, tensor data each at an aligned offset. Every field can be
 * overridden so the malformed corpus can break one thing at a time.
 */
public final class GgufWriter {

    /** A tensor as written: engine shape (outermost first), ggml type id, bytes, and optional overrides. */
    public static final class Entry {
        final String name;
        long[] ne;
        long typeId;
        final byte[] data;
        Long offset;

        Entry(String name, int[] shape, long typeId, byte[] data) {
            this.name = name;
            this.ne = new long[shape.length];
            for (int i = 0; i < shape.length; i++) ne[i] = shape[shape.length - 1 - i];
            this.typeId = typeId;
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
    /** Where the tensor data started in the last {@link #bytes()}. */
    public int dataStart;
    public int version = 3;
    public long alignment = GgufFile.DEFAULT_ALIGNMENT;
    public Long tensorCount;
    public Long kvCount;

    /** Metadata of a Java value: String, Integer (INT32), Long (UINT64), Float (FLOAT32), Boolean, String[], float[], int[]. */
    public GgufWriter put(String key, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        typed(out, value);
        return putRaw(key, out.toByteArray());
    }

    /** Metadata whose value (type id and payload) is given as raw bytes. */
    public GgufWriter putRaw(String key, byte[] typeAndValue) {
        metadata.removeIf(e -> e.getKey().equals(key));
        return appendRaw(key, typeAndValue);
    }

    /** Metadata appended even when the key is already there (a malformed file). */
    public GgufWriter appendRaw(String key, byte[] typeAndValue) {
        metadata.add(Map.entry(key, typeAndValue));
        return this;
    }

    /** A tensor; one already written under {@code name} is replaced. */
    public Entry tensor(String name, DType type, int[] shape, byte[] data) {
        tensors.removeIf(e -> e.name.equals(name));
        return appendTensor(name, type, shape, data);
    }

    /** A tensor appended even when the name is taken (a malformed file). */
    public Entry appendTensor(String name, DType type, int[] shape, byte[] data) {
        Entry e = new Entry(name, shape, typeId(type), data);
        tensors.add(e);
        return e;
    }

    /** A tensor stored as F32, F16 or BF16 from floats, or quantized with the reference quantizers. */
    public Entry tensor(String name, DType type, int[] shape, float[] values) {
        return tensor(name, type, shape, encode(type, values));
    }

    static byte[] encode(DType type, float[] values) {
        if (type.quantized()) return ReferenceQuantizer.quantize(type, values).bytes();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(type.byteSize(values.length))).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case F32 -> buf.putFloat(v);
                case F16 -> buf.putShort(Float.floatToFloat16(v));
                case BF16 -> buf.putShort(BF16Tensor.fromFloat(v));
                default -> throw new AssertionError(type);
            }
        }
        return buf.array();
    }

    static long typeId(DType type) {
        for (GgmlType t : GgmlType.values()) {
            if (t.dtype() == type) return idOf(t);
        }
        throw new IllegalArgumentException(type.toString());
    }

    private static long idOf(GgmlType t) {
        return switch (t) {
            case F32 -> 0; case F16 -> 1; case Q4_0 -> 2; case Q4_1 -> 3; case Q5_0 -> 6; case Q5_1 -> 7;
            case Q8_0 -> 8; case Q4_K -> 12; case Q5_K -> 13; case Q6_K -> 14; case BF16 -> 30;
        };
    }

    public byte[] bytes() {
        Out out = new Out();
        out.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.u32(version);
        out.u64(tensorCount != null ? tensorCount : tensors.size());
        out.u64(kvCount != null ? kvCount : metadata.size());
        for (Map.Entry<String, byte[]> e : metadata) {
            out.string(e.getKey());
            out.raw(e.getValue());
        }
        long next = 0;
        List<Long> offsets = new ArrayList<>();
        for (Entry e : tensors) {
            long offset = e.offset != null ? e.offset : next;
            offsets.add(offset);
            next = align(Math.max(next, offset + e.data.length));
            out.string(e.name);
            out.u32(e.ne.length);
            for (long n : e.ne) out.u64(n);
            out.u32(e.typeId);
            out.u64(offset);
        }
        dataStart = (int) align(out.size());
        while (out.size() < dataStart) out.raw(new byte[1]);
        byte[] head = out.toByteArray();
        int dataEnd = 0;
        for (int i = 0; i < tensors.size(); i++) {
            if (placeable(offsets.get(i))) dataEnd = (int) Math.max(dataEnd, offsets.get(i) + tensors.get(i).data.length);
        }
        byte[] file = new byte[head.length + dataEnd];
        System.arraycopy(head, 0, file, 0, head.length);
        for (int i = 0; i < tensors.size(); i++) {
            byte[] d = tensors.get(i).data;
            if (placeable(offsets.get(i))) System.arraycopy(d, 0, file, head.length + offsets.get(i).intValue(), d.length);
        }
        return file;
    }

    public Path write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> raw.write(bytes()));
        return file;
    }

    /** Offsets a malformed file points far outside it get no data written. */
    private static boolean placeable(long offset) {
        return offset >= 0 && offset < (1 << 24);
    }

    private long align(long position) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private static void typed(ByteArrayOutputStream bytes, Object value) {
        Out out = new Out();
        switch (value) {
            case String s -> { out.u32(8); out.string(s); }
            case Integer i -> { out.u32(5); out.u32(i); }
            case Long l -> { out.u32(10); out.u64(l); }
            case Float f -> { out.u32(6); out.u32(Float.floatToRawIntBits(f)); }
            case Boolean b -> { out.u32(7); out.raw(new byte[] {(byte) (b ? 1 : 0)}); }
            case String[] a -> {
                out.u32(9); out.u32(8); out.u64(a.length);
                for (String s : a) out.string(s);
            }
            case float[] a -> {
                out.u32(9); out.u32(6); out.u64(a.length);
                for (float f : a) out.u32(Float.floatToRawIntBits(f));
            }
            case int[] a -> {
                out.u32(9); out.u32(5); out.u64(a.length);
                for (int i : a) out.u32(i);
            }
            default -> throw new IllegalArgumentException("no GGUF type for " + value.getClass());
        }
        bytes.writeBytes(out.toByteArray());
    }

    /** Little-endian output. */
    static final class Out extends ByteArrayOutputStream {
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
            raw(b);
            return this;
        }

        Out raw(byte[] b) {
            writeBytes(b);
            return this;
        }
    }
}
