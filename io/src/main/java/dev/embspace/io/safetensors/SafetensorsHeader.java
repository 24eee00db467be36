package dev.embspace.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated JSON header of a safetensors file: the tensors' dtypes, shapes and byte ranges, and
 * the free-form {@code __metadata__}. Parsing checks everything a reader relies on before any tensor
 * is touched: each entry is exactly {dtype, shape, data_offsets}, its dtype is known, its shape is
 * made of non-negative ints whose element count times the dtype width is its byte length, and the
 * tensors' bytes tile the data region with no overlap and no gap.
 *
 * @param entries  the tensors in header order
 * @param metadata the {@code __metadata__} strings (empty when absent)
 */
record SafetensorsHeader(List<TensorEntry> entries, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    SafetensorsHeader {
        entries = List.copyOf(entries);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Parses and validates a header.
     *
     * @param file     named in every error
     * @param json     the header bytes (JSON, possibly padded with trailing spaces)
     * @param dataSize the size of the data region that follows the header
     */
    static SafetensorsHeader parse(Path file, byte[] json, long dataSize) {
        JsonNode root = StrictJson.readObject(file, json, "safetensors header");
        Map<String, String> metadata = Map.of();
        List<TensorEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = metadata(file, field.getValue());
            } else {
                entries.add(entry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkContiguous(file, entries, dataSize);
        return new SafetensorsHeader(entries, metadata);
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw new BadInputException(file, METADATA_KEY + " must be an object of strings, found " + StrictJson.kind(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new BadInputException(file, METADATA_KEY + " value '" + e.getKey() + "' must be a string, found "
                        + StrictJson.kind(e.getValue()));
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return metadata;
    }

    private static TensorEntry entry(Path file, String name, JsonNode node, long dataSize) {
        String what = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new BadInputException(file, what + " must be an object {dtype, shape, data_offsets}, found " + StrictJson.kind(node));
        }
        for (String key : ENTRY_FIELDS) {
            if (!node.has(key)) throw new BadInputException(file, what + " has no '" + key + "'");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!ENTRY_FIELDS.contains(e.getKey())) {
                throw new BadInputException(file, what + " has an unexpected field '" + e.getKey()
                        + "' (expected dtype, shape, data_offsets)");
            }
        }
        SafetensorsDType dtype = dtype(file, what, node.get("dtype"));
        int[] shape = shape(file, what, node.get("shape"));
        long[] offsets = offsets(file, what, node.get("data_offsets"));
        long begin = offsets[0], end = offsets[1];
        if (end > dataSize) {
            throw new BadInputException(file, what + " has data_offsets [" + begin + ", " + end
                    + "] outside the data region of " + dataSize + " bytes");
        }
        long bytes = byteLength(file, what, dtype, shape);
        if (bytes != end - begin) {
            throw new BadInputException(file, what + " is " + dtype + Arrays.toString(shape) + ", which needs " + bytes
                    + " bytes, but its data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private static SafetensorsDType dtype(Path file, String what, JsonNode node) {
        if (!node.isTextual()) {
            throw new BadInputException(file, what + " has a dtype that is " + StrictJson.kind(node) + ", not a name");
        }
        return SafetensorsDType.fromName(node.textValue()).orElseThrow(() -> new BadInputException(file,
                what + " has unknown dtype '" + node.textValue() + "'; " + SafetensorsDType.READABLE));
    }

    private static int[] shape(Path file, String what, JsonNode node) {
        if (!node.isArray()) {
            throw new BadInputException(file, what + " has a shape that is " + StrictJson.kind(node) + ", not an array");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = node.get(i);
            // The engine indexes dimensions with ints, so a wider dimension is as unreadable as a negative one.
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 0) {
                throw new BadInputException(file, what + " has shape " + node
                        + "; dimensions must be integers from 0 to " + Integer.MAX_VALUE);
            }
            shape[i] = dim.intValue();
        }
        return shape;
    }

    private static long[] offsets(Path file, String what, JsonNode node) {
        if (!node.isArray() || node.size() != 2) {
            throw new BadInputException(file, what + " has data_offsets " + node + "; expected [begin, end]");
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode off = node.get(i);
            if (!off.isIntegralNumber() || !off.canConvertToLong() || off.longValue() < 0) {
                throw new BadInputException(file, what + " has data_offsets " + node + "; offsets must be non-negative integers");
            }
            offsets[i] = off.longValue();
        }
        if (offsets[0] > offsets[1]) {
            throw new BadInputException(file, what + " has data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] that end before they begin");
        }
        return offsets;
    }

    /**
     * Bytes a dtype and shape need. Computed with exact arithmetic: a crafted shape whose element
     * count wraps around a long could otherwise appear to match a small byte range.
     */
    private static long byteLength(Path file, String what, SafetensorsDType dtype, int[] shape) {
        try {
            long bits = dtype.bits();
            for (int dim : shape) bits = Math.multiplyExact(bits, (long) dim);
            if (bits % 8 != 0) {
                throw new BadInputException(file, what + " is " + dtype + Arrays.toString(shape) + ", which does not fill whole bytes");
            }
            return bits / 8;
        } catch (ArithmeticException overflow) {
            throw new BadInputException(file, what + " has shape " + Arrays.toString(shape) + ", too many elements to address");
        }
    }

    /**
     * The tensors' bytes tile the data region exactly, as the format requires: no two tensors share
     * bytes (they would silently alias each other) and no bytes lie between or after them (no writer
     * leaves a gap, so one means a corrupt or crafted file, and data nobody reads could hide anything).
     * Empty tensors occupy no bytes and may sit anywhere.
     */
    private static void checkContiguous(Path file, List<TensorEntry> entries, long dataSize) {
        List<TensorEntry> byBegin = new ArrayList<>(entries);
        byBegin.removeIf(e -> e.byteLength() == 0);
        byBegin.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long covered = 0;
        TensorEntry before = null;
        for (TensorEntry e : byBegin) {
            if (e.begin() < covered) {
                throw new BadInputException(file, "tensors '" + before.name() + "' (bytes " + before.begin() + ".." + before.end()
                        + ") and '" + e.name() + "' (bytes " + e.begin() + ".." + e.end() + ") overlap");
            }
            if (e.begin() > covered) {
                throw new BadInputException(file, "bytes " + covered + ".." + e.begin() + " of the data region belong to no tensor"
                        + (before == null ? "" : " (a gap between '" + before.name() + "' and '" + e.name() + "')")
                        + "; safetensors data must be contiguous");
            }
            covered = e.end();
            before = e;
        }
        if (covered != dataSize) {
            throw new BadInputException(file, "bytes " + covered + ".." + dataSize
                    + " of the data region belong to no tensor; safetensors data must be contiguous");
        }
    }
}
