package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decodes the parts of ONNX's protobuf schema (onnx.proto) that the importer uses: ModelProto, its
 * GraphProto, and the graph's nodes, attributes, initializers and inputs/outputs. Field numbers are
 * onnx.proto's; unknown fields are skipped, as protobuf requires for forward compatibility.
 */
final class OnnxModelParser {

    private final Path file;
    private final Arena arena;
    private final ExternalData externalData;

    OnnxModelParser(Path file, Arena arena) {
        this.file = file;
        this.arena = arena;
        this.externalData = new ExternalData(file, arena);
    }

    OnnxModel parse(MemorySegment data) {
        ProtoReader r = new ProtoReader(file, data);
        long irVersion = 0;
        String producerName = "";
        String producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        OnnxGraph graph = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> irVersion = r.readInt64();
                case 2 -> producerName = r.readString();
                case 3 -> producerVersion = r.readString();
                case 7 -> graph = graph(r.readMessage());
                case 8 -> opset(r.readMessage(), opsets);
                default -> r.skip();
            }
        }
        if (graph == null) throw new BadInputException(file, "not an ONNX model (no graph)");
        String producer = (producerName + " " + producerVersion).strip();
        return new OnnxModel(file, arena, irVersion, producer, opsets, graph);
    }

    private static void opset(ProtoReader r, Map<String, Long> opsets) {
        String domain = "";
        long version = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> domain = r.readString();
                case 2 -> version = r.readInt64();
                default -> r.skip();
            }
        }
        opsets.put(domain, version);
    }

    private OnnxGraph graph(ProtoReader r) {
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>();
        List<OnnxValueInfo> outputs = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> nodes.add(node(r.readMessage()));
                case 2 -> name = r.readString();
                case 5 -> {
                    OnnxTensor t = tensor(r.readMessage());
                    if (initializers.putIfAbsent(t.name(), t) != null) {
                        throw new BadInputException(file, "duplicate initializer '" + t.name() + "'");
                    }
                }
                case 11 -> inputs.add(valueInfo(r.readMessage()));
                case 12 -> outputs.add(valueInfo(r.readMessage()));
                default -> r.skip();
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private OnnxNode node(ProtoReader r) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        Map<String, OnnxAttribute> attributes = new HashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> opType = r.readString();
                case 5 -> {
                    OnnxAttribute a = attribute(r.readMessage());
                    attributes.put(a.name(), a);
                }
                default -> r.skip();
            }
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private OnnxAttribute attribute(ProtoReader r) {
        String name = "";
        Float f = null;
        Long i = null;
        String s = null;
        OnnxTensor t = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> f = r.readFloat();
                case 3 -> i = r.readInt64();
                case 4 -> s = r.readString();
                case 5 -> t = tensor(r.readMessage());
                // floats (7) and ints (8) are skipped, not expanded: no export we read needs them, and
                // boxing a packed list costs tens of times its bytes
                default -> r.skip();
            }
        }
        return new OnnxAttribute(name, Optional.ofNullable(f), Optional.ofNullable(i), Optional.ofNullable(s),
                Optional.ofNullable(t), List.of(), List.of());
    }

    private OnnxValueInfo valueInfo(ProtoReader r) {
        String name = "";
        OnnxDataType elementType = null;
        List<String> shape = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> {
                    ProtoReader type = r.readMessage();
                    while (type.next()) {
                        if (type.field() != 1) {
                            type.skip(); // sequence, map and optional types: not used by encoder exports
                            continue;
                        }
                        ProtoReader tensorType = type.readMessage();
                        while (tensorType.next()) {
                            switch (tensorType.field()) {
                                case 1 -> elementType = OnnxDataType.fromCode(tensorType.readInt64()).orElse(null);
                                case 2 -> shape(tensorType.readMessage(), shape);
                                default -> tensorType.skip();
                            }
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new OnnxValueInfo(name, Optional.ofNullable(elementType), shape);
    }

    private static void shape(ProtoReader r, List<String> shape) {
        while (r.next()) {
            if (r.field() != 1) {
                r.skip();
                continue;
            }
            ProtoReader dim = r.readMessage();
            String value = "?";
            while (dim.next()) {
                switch (dim.field()) {
                    case 1 -> value = Long.toString(dim.readInt64());
                    case 2 -> value = dim.readString();
                    default -> dim.skip();
                }
            }
            if (shape.size() == MAX_DIMENSIONS) throw r.corrupt("a shape of more than " + MAX_DIMENSIONS + " dimensions");
            shape.add(value);
        }
    }

    /** ONNX Runtime's own limit is far lower; a file listing millions of dimensions is refused, not stored. */
    static final int MAX_DIMENSIONS = 64;

    /**
     * A TensorProto. The elements may sit in raw_data (the usual case), in a typed repeated field
     * (float_data, int32_data, int64_data, double_data), or in an external file.
     */
    private OnnxTensor tensor(ProtoReader r) {
        long start = r.position();
        LongList dims = new LongList();
        long typeCode = 0;
        String name = "";
        MemorySegment raw = null;
        TypedValues typed = new TypedValues();
        Map<String, String> external = new LinkedHashMap<>();
        boolean isExternal = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.readRepeatedInt64(d -> {
                    if (dims.size() == MAX_DIMENSIONS) throw r.corrupt("a tensor of more than " + MAX_DIMENSIONS + " dimensions");
                    dims.add(d);
                });
                case 2 -> typeCode = r.readInt64();
                case 4 -> typed.floats(r);
                case 5, 7, 11 -> typed.integers(r);
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 10 -> typed.doubles(r);
                case 13 -> entry(r.readMessage(), external);
                case 14 -> isExternal = r.readInt64() == 1;
                default -> r.skip();
            }
        }
        final String tensorName = name;
        final long code = typeCode;
        OnnxDataType type = OnnxDataType.fromCode(code).orElseThrow(() ->
                new BadInputException(file, "tensor '" + tensorName + "' (at byte " + start + ") has unknown data type " + code));
        long[] shape = dims.toArray();
        long expectedBytes = byteSize(tensorName, type, shape);
        MemorySegment data;
        if (isExternal) {
            data = externalData.bytes(name, external, expectedBytes);
        } else if (raw != null) {
            data = raw;
        } else if (type == OnnxDataType.STRING) {
            data = MemorySegment.NULL; // string tensors are never weights; their content is not needed
        } else {
            data = typed.bytes(type, expectedBytes);
            if (data == null) {
                throw new BadInputException(file, "tensor '" + name + "' holds " + typed.integerBytes(type) + " bytes of data, but "
                        + type + Arrays.toString(shape) + " needs " + expectedBytes);
            }
        }
        if (expectedBytes >= 0 && data.byteSize() != expectedBytes) {
            throw new BadInputException(file, "tensor '" + name + "' holds " + data.byteSize() + " bytes of data, but "
                    + type + Arrays.toString(shape) + " needs " + expectedBytes);
        }
        return new OnnxTensor(file, name, type, shape, data);
    }

    /** The byte size that {@code shape} of {@code type} needs; -1 for types without a fixed width. */
    private long byteSize(String name, OnnxDataType type, long[] shape) {
        long n = 1;
        try {
            for (long d : shape) {
                if (d < 0) throw new BadInputException(file, "tensor '" + name + "' has negative dimension " + d);
                n = Math.multiplyExact(n, d);
            }
            return type.bytes() == 0 ? -1 : Math.multiplyExact(n, type.bytes());
        } catch (ArithmeticException e) {
            throw new BadInputException(file, "tensor '" + name + "' has an impossibly large shape " + Arrays.toString(shape));
        }
    }

    private static void entry(ProtoReader r, Map<String, String> into) {
        String key = "";
        String value = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> key = r.readString();
                case 2 -> value = r.readString();
                default -> r.skip();
            }
        }
        into.put(key, value);
    }

    private static void readFloats(ProtoReader r, Consumer<Float> sink) {
        if (r.wireType() == ProtoReader.FIXED32) {
            sink.accept(r.readFloat());
            return;
        }
        MemorySegment packed = r.readBytes();
        if (packed.byteSize() % 4 != 0) throw r.corrupt("packed floats of " + packed.byteSize() + " bytes before byte " + r.position());
        for (long k = 0; k < packed.byteSize() / 4; k++) {
            sink.accept(packed.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), k));
        }
    }

    /**
     * Elements given in the typed repeated fields rather than raw_data, gathered as little-endian bytes.
     * A single packed float_data run is kept as a slice of the file, which is already the layout we
     * need; anything else is copied (exporters use these fields only for small tensors).
     */
    private final class TypedValues {
        private MemorySegment packedFloats;
        private final ByteArrayOutputStream floatBytes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream doubleBytes = new ByteArrayOutputStream();

        void floats(ProtoReader r) {
            if (r.wireType() == ProtoReader.LENGTH_DELIMITED && packedFloats == null && floatBytes.size() == 0) {
                packedFloats = r.readBytes();
                if (packedFloats.byteSize() % 4 != 0) throw r.corrupt("packed float_data of " + packedFloats.byteSize() + " bytes before byte " + r.position());
                return;
            }
            if (packedFloats != null) {
                floatBytes.writeBytes(packedFloats.toArray(ValueLayout.JAVA_BYTE));
                packedFloats = null;
            }
            readFloats(r, v -> floatBytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array()));
        }

        void doubles(ProtoReader r) {
            if (r.wireType() == ProtoReader.FIXED64) {
                doubleBytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(r.readFixed64()).array());
                return;
            }
            MemorySegment packed = r.readBytes();
            if (packed.byteSize() % 8 != 0) throw r.corrupt("packed double_data of " + packed.byteSize() + " bytes before byte " + r.position());
            doubleBytes.writeBytes(packed.toArray(ValueLayout.JAVA_BYTE));
        }

        /**
         * A packed run stays a slice of the file and is only counted here (one varint per byte with
         * the high bit clear); it is decoded once its count is known to fit the tensor's shape.
         */
        void integers(ProtoReader r) {
            if (r.wireType() == ProtoReader.VARINT) {
                loose.add(r.readVarint());
                integerCount++;
                return;
            }
            ProtoReader run = r.readMessage();
            integerCount += run.countVarints();
            runs.add(new IntegerRun(loose.size(), run));
        }

        long integerBytes(OnnxDataType type) {
            return integerCount * Math.max(type.bytes(), 1);
        }

        private final LongList loose = new LongList();
        private final List<IntegerRun> runs = new ArrayList<>();
        private long integerCount;

        /** A packed run and how many loose values came before it. */
        private record IntegerRun(int after, ProtoReader values) {
        }

        MemorySegment bytes(OnnxDataType type, long expectedBytes) {
            if (packedFloats != null) return packedFloats;
            if (floatBytes.size() > 0) return MemorySegment.ofArray(floatBytes.toByteArray());
            if (doubleBytes.size() > 0) return MemorySegment.ofArray(doubleBytes.toByteArray());
            // int32_data carries every narrow integer type and the 16-bit floats (their bit patterns);
            // int64_data and uint64_data carry the 64-bit integers.
            int width = type.bytes();
            // checked before anything is decoded: a count that does not fit the shape is refused by the caller
            if (integerCount * Math.max(width, 1) != expectedBytes || expectedBytes > Integer.MAX_VALUE - 8) return null;
            LongList integers = new LongList();
            long[] looseValues = loose.toArray();
            int next = 0;
            for (IntegerRun run : runs) {
                while (next < run.after()) integers.add(looseValues[next++]);
                while (!run.values().atEnd()) integers.add(run.values().readVarint());
            }
            while (next < looseValues.length) integers.add(looseValues[next++]);
            ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(integers.size(), Math.max(width, 1))).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : integers.toArray()) {
                switch (width) {
                    case 1 -> out.put((byte) v);
                    case 2 -> out.putShort((short) v);
                    case 4 -> out.putInt((int) v);
                    case 8 -> out.putLong(v);
                    default -> throw new BadInputException(file, "integer values given for a tensor of type " + type);
                }
            }
            return MemorySegment.ofArray(out.array());
        }
    }
}
