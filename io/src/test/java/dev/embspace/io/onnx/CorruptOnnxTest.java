package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corrupt ONNX files of every kind fail fast with a one-line error naming the file, never with an
 * index error, an out-of-memory, or a hang.
 */
@Timeout(60)
class CorruptOnnxTest {

    @TempDir
    Path dir;

    @Test
    void everyTruncationOfAModelIsReported() throws IOException {
        byte[] whole = Files.readAllBytes(new TinyBertExport().write(dir.resolve("whole.onnx")));
        Path file = dir.resolve("cut.onnx");
        // The graph is the last field, so every strict prefix cuts a message short or loses the graph.
        // Parsed from memory (the parser behind OnnxModel.open) to keep thousands of cases fast.
        try (Arena arena = Arena.ofConfined()) {
            for (int length = 1; length < whole.length; length++) {
                MemorySegment prefix = MemorySegment.ofArray(Arrays.copyOf(whole, length));
                BadInputException e = assertThrows(BadInputException.class,
                        () -> new OnnxModelParser(file, arena).parse(prefix), "prefix of " + length + " bytes");
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            }
        }
        for (int length : new int[] {0, 1, 2, whole.length / 3, whole.length - 1}) {
            Files.write(file, Arrays.copyOf(whole, length));
            assertBadInput(file);
        }
    }

    @Test
    void aTruncatedRealModelIsReported() throws IOException {
        Path onnx = RealModels.onnx(RealModels.MINILM);
        Path cut = dir.resolve("minilm-cut.onnx");
        try (InputStream in = Files.newInputStream(onnx); OutputStream out = Files.newOutputStream(cut)) {
            out.write(in.readNBytes((int) (Files.size(onnx) * 3 / 5)));
        }
        BadInputException e = assertBadInput(cut);
        assertTrue(e.getMessage().contains("corrupt ONNX: "), e.getMessage());
    }

    @Test
    void garbageIsReported() throws IOException {
        Random random = new Random(42);
        Path file = dir.resolve("garbage.onnx");
        for (int trial = 0; trial < 200; trial++) {
            byte[] bytes = new byte[1 + random.nextInt(4096)];
            random.nextBytes(bytes);
            Files.write(file, bytes);
            assertBadInput(file);
        }
        Files.writeString(file, "{\"this\": \"is json, not protobuf\"}");
        assertBadInput(file);
        Files.write(file, new byte[0]);
        assertTrue(assertBadInput(file).getMessage().contains("empty file"));
        assertEquals(dir + ": is a directory, not an ONNX file", assertBadInput(dir).getMessage());
        assertEquals(dir.resolve("missing.onnx") + ": no such file", assertBadInput(dir.resolve("missing.onnx")).getMessage());
    }

    @Test
    void flippedBytesInARealLayoutAreReportedOrHarmless() throws IOException {
        byte[] whole = Files.readAllBytes(new TinyBertExport().write(dir.resolve("whole.onnx")));
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Random random = new Random(3);
        Path file = dir.resolve("model.onnx");
        for (int trial = 0; trial < 40; trial++) {
            byte[] bytes = whole.clone();
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            Files.write(file, bytes);
            try {
                OnnxImporter.importModel(file, null, dir.resolve("out-" + trial));
            } catch (BadInputException e) {
                // A flipped byte inside a float or a name can leave a valid model; anything else must be this.
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void hostileLengthsAndCountsAreReported() throws IOException {
        Path file = dir.resolve("hostile.onnx");
        // A graph claiming 2^62 bytes.
        Files.write(file, new ProtoWriter().tag(7, ProtoReader.LENGTH_DELIMITED).rawVarint(1L << 62).raw(new byte[16]).toByteArray());
        assertTrue(assertBadInput(file).getMessage().contains("runs past the end"));
        // A negative length (a 10-byte varint with the top bit set).
        Files.write(file, new ProtoWriter().tag(7, ProtoReader.LENGTH_DELIMITED).rawVarint(-5).raw(new byte[16]).toByteArray());
        assertTrue(assertBadInput(file).getMessage().contains("runs past the end"));
        // An initializer whose dims multiply past any memory.
        ProtoWriter tensor = new ProtoWriter().packedVarints(1, 1L << 31, 1L << 31, 1L << 31).varint(2, 1).string(8, "w")
                .bytes(9, new byte[8]);
        Files.write(file, new ProtoWriter().message(7, new ProtoWriter().message(5, tensor)).toByteArray());
        assertTrue(assertBadInput(file).getMessage().contains("impossibly large shape"));
        // A node whose string field claims more than its message holds, in the middle of the file...
        ProtoWriter node = new ProtoWriter().tag(1, ProtoReader.LENGTH_DELIMITED).rawVarint(1_000_000).raw("x".getBytes());
        Files.write(file, new ProtoWriter().message(7, new ProtoWriter().message(1, node)).varint(1, 8).toByteArray());
        assertEquals(file + ": corrupt ONNX: length 1000000 at byte 5 runs past the end of its message (1 bytes left)",
                assertBadInput(file).getMessage());
        // ... and at its end, where the likely story is a file cut short.
        Files.write(file, new ProtoWriter().message(7, new ProtoWriter().message(1, node)).toByteArray());
        assertEquals(file + ": corrupt ONNX: truncated protobuf at byte 9: length 1000000 at byte 5 runs past the end of the file (1 bytes left)",
                assertBadInput(file).getMessage());
    }

    private static BadInputException assertBadInput(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModel.open(file).close(), file.toString());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e;
    }
}
