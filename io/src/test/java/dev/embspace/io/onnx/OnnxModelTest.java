package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelTest {

    @TempDir
    Path dir;

    @Test
    void readsGraphNodesAttributesAndInitializers() throws IOException {
        TinyBertExport export = new TinyBertExport();
        Path file = export.write(dir.resolve("model.onnx"));
        try (OnnxModel model = OnnxModel.open(file)) {
            assertEquals(8, model.irVersion());
            assertEquals("pytorch 2.0.1", model.producer());
            assertEquals(14L, model.opsets().get(""));
            OnnxGraph g = model.graph();
            assertEquals("torch_jit", g.name());
            OnnxNode query = g.nodes().stream().filter(n -> n.name().equals("/encoder/layer.1/attention/self/query/MatMul")).findFirst().orElseThrow();
            assertEquals("MatMul", query.opType());
            assertEquals(List.of("/encoder/layer.1/attention/self/query/MatMul_output_0"), query.outputs());
            OnnxTensor weight = g.initializer(query.input(1)).orElseThrow();
            assertArrayEquals(new long[] {8, 8}, weight.dims());

            OnnxNode concat = g.nodes().stream().filter(n -> n.opType().equals("Concat")).findFirst().orElseThrow();
            assertEquals(0L, concat.attribute("axis").flatMap(OnnxAttribute::i).orElseThrow());
            assertArrayEquals(new long[] {2}, g.constants().get(concat.input(2)).longs());

            OnnxTensor positions = g.initializer("embeddings.position_ids").orElseThrow();
            assertEquals(OnnxDataType.INT64, positions.dataType());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, positions.longs());

            float[] expected = export.expected.get("embeddings.token_type_embeddings.weight");
            assertArrayEquals(expected, g.initializer("embeddings.token_type_embeddings.weight").orElseThrow().floats());
        }
    }

    @Test
    void readsFloatDataAndExternalData() throws IOException {
        TinyBertExport packed = new TinyBertExport();
        packed.wordEmbeddingsAsFloatData = true;
        try (OnnxModel model = OnnxModel.open(packed.write(dir.resolve("packed.onnx")))) {
            assertArrayEquals(packed.expected.get("embeddings.word_embeddings.weight"),
                    model.graph().initializer("embeddings.word_embeddings.weight").orElseThrow().floats());
        }
        TinyBertExport external = new TinyBertExport();
        external.wordEmbeddingsExternal = "weights.bin";
        try (OnnxModel model = OnnxModel.open(external.write(dir.resolve("external.onnx")))) {
            assertArrayEquals(external.expected.get("embeddings.word_embeddings.weight"),
                    model.graph().initializer("embeddings.word_embeddings.weight").orElseThrow().floats());
        }
    }

    @Test
    void unpackedFloatDataAndInt32DataAreDecoded() throws IOException {
        ProtoWriter floats = new ProtoWriter().varint(1, 3).varint(2, 1).string(8, "f")
                .float32(4, 1f).float32(4, -2f).float32(4, 0.5f);
        ProtoWriter halves = new ProtoWriter().varint(1, 2).varint(2, 10).string(8, "h")
                .varint(5, Float.floatToFloat16(1.5f)).varint(5, Float.floatToFloat16(-3f));
        Path file = write("typed.onnx", new ProtoWriter().message(5, floats).message(5, halves));
        try (OnnxModel model = OnnxModel.open(file)) {
            assertArrayEquals(new float[] {1f, -2f, 0.5f}, model.graph().initializer("f").orElseThrow().floats());
            assertArrayEquals(new float[] {1.5f, -3f}, model.graph().initializer("h").orElseThrow().floats());
        }
    }

    @Test
    void externalDataMayNotLeaveTheModelsDirectory() throws IOException {
        Path outside = Files.writeString(dir.resolve("secret.bin"), "0123456789abcdef");
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        for (String location : new String[] {"../secret.bin", outside.toString(), "sub/../../secret.bin"}) {
            Path file = writeExternal(modelDir, location, 0, 16);
            BadInputException e = assertThrows(BadInputException.class, () -> OnnxModel.open(file).close());
            assertEquals(file + ": initializer 'w': external data location '" + location + "' escapes the model's directory", e.getMessage());
        }
        Files.createSymbolicLink(modelDir.resolve("link.bin"), outside);
        Path viaLink = writeExternal(modelDir, "link.bin", 0, 16);
        assertTrue(assertThrows(BadInputException.class, () -> OnnxModel.open(viaLink).close()).getMessage().contains("escapes"));
    }

    @Test
    void externalDataRangesAreChecked() throws IOException {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        Path beyond = writeExternal(dir, "w.bin", 8, 16);
        assertTrue(assertThrows(BadInputException.class, () -> OnnxModel.open(beyond).close()).getMessage()
                .contains("external data range [8, 8+16) lies outside 'w.bin' (16 bytes)"));
        Path missing = writeExternal(dir, "nope.bin", 0, 16);
        assertTrue(assertThrows(BadInputException.class, () -> OnnxModel.open(missing).close()).getMessage()
                .contains("external data file 'nope.bin' cannot be read"));
    }

    @Test
    void dataThatDoesNotMatchTheShapeIsRejected() throws IOException {
        ProtoWriter t = new ProtoWriter().varint(1, 2).varint(1, 3).varint(2, 1).string(8, "w").bytes(9, new byte[20]);
        Path file = write("short.onnx", new ProtoWriter().message(5, t));
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModel.open(file).close());
        assertEquals(file + ": tensor 'w' holds 20 bytes of data, but FLOAT[2, 3] needs 24", e.getMessage());

        ProtoWriter huge = new ProtoWriter().varint(1, 1L << 40).varint(1, 1L << 40).varint(2, 1).string(8, "w");
        Path hugeFile = write("huge.onnx", new ProtoWriter().message(5, huge));
        assertTrue(assertThrows(BadInputException.class, () -> OnnxModel.open(hugeFile).close()).getMessage()
                .contains("impossibly large shape"));

        ProtoWriter unknown = new ProtoWriter().varint(2, 99).string(8, "w");
        Path unknownFile = write("unknown.onnx", new ProtoWriter().message(5, unknown));
        assertTrue(assertThrows(BadInputException.class, () -> OnnxModel.open(unknownFile).close()).getMessage()
                .contains("unknown data type 99"));
    }

    private Path writeExternal(Path in, String location, long offset, long length) throws IOException {
        ProtoWriter t = new ProtoWriter().varint(1, 4).varint(2, 1).string(8, "w")
                .message(13, new ProtoWriter().string(1, "location").string(2, location))
                .message(13, new ProtoWriter().string(1, "offset").string(2, Long.toString(offset)))
                .message(13, new ProtoWriter().string(1, "length").string(2, Long.toString(length)))
                .varint(14, 1);
        Path file = in.resolve("ext-" + Integer.toHexString(location.hashCode()) + ".onnx");
        Files.write(file, new ProtoWriter().message(7, new ProtoWriter().message(5, t)).toByteArray());
        return file;
    }

    private Path write(String name, ProtoWriter graph) throws IOException {
        return Files.write(dir.resolve(name), new ProtoWriter().varint(1, 8).message(7, graph).toByteArray());
    }
}
