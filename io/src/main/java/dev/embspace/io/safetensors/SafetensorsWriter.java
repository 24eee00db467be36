package dev.embspace.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.tensor.BF16Tensor;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tensors as a safetensors file (header: 8-byte little-endian length, JSON, padded with spaces
 * to 8 bytes; then the data in header order), converting each to the requested dtype. The file
 * appears only when complete (see {@link AtomicFiles}).
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /** Writes every tensor in its own dtype. */
    public static void write(Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, DType> dtypes = new TreeMap<>();
        tensors.forEach((name, t) -> dtypes.put(name, t.dtype()));
        write(file, tensors, dtypes, metadata);
    }

    /** Writes every tensor converted to {@code dtype}. */
    public static void write(Path file, Map<String, ? extends Tensor> tensors, DType dtype) throws IOException {
        Map<String, DType> dtypes = new TreeMap<>();
        tensors.keySet().forEach(name -> dtypes.put(name, dtype));
        write(file, tensors, dtypes, Map.of());
    }

    public static void write(Path file, Map<String, ? extends Tensor> tensors, Map<String, DType> dtypes,
                             Map<String, String> metadata) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor t = e.getValue();
            DType dtype = dtypes.getOrDefault(e.getKey(), t.dtype());
            long bytes = dtype.byteSize(t.size());
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", SafetensorsDType.of(dtype).name());
            ArrayNode shape = entry.putArray("shape");
            for (int s : t.shape()) shape.add(s);
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) headerBytes[i] = ' ';

        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 20);
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
                writeData(out, e.getValue(), dtypes.getOrDefault(e.getKey(), e.getValue().dtype()));
            }
            out.flush();
        });
    }

    private static void writeData(OutputStream out, Tensor t, DType dtype) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.size();
        for (long i = 0; i < n; i++) {
            if (buf.remaining() < 4) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            float v = t.get(i);
            switch (dtype) {
                case F32 -> buf.putFloat(v);
                case F16 -> buf.putShort(Float.floatToFloat16(v));
                case BF16 -> buf.putShort(BF16Tensor.fromFloat(v));
                default -> throw new IllegalArgumentException("safetensors has no " + dtype + " dtype");
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

}
