package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing costs a small constant times the file, whatever its packed fields claim: lists nobody
 * reads are skipped, not expanded, and typed data is counted against the shape before it is decoded.
 */
class OnnxParseCostTest {

    private static final int N = 8 << 20; // 8 MB of one-byte varints

    @TempDir
    Path tmp;

    private static long allocatedBy(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private Path model(ProtoWriter graph) throws IOException {
        return Files.write(tmp.resolve("m.onnx"), new ProtoWriter().varint(1, 7).message(7, graph).toByteArray());
    }

    private static void open(Path file) {
        try (OnnxModel ignored = OnnxModel.open(file)) {
            // parsed
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHugePackedAttributeIsSkippedNotExpanded() throws IOException {
        ProtoWriter attribute = new ProtoWriter().string(1, "perm").tag(8, ProtoReader.LENGTH_DELIMITED).rawVarint(N).raw(new byte[N]);
        Path file = model(new ProtoWriter().message(1, new ProtoWriter().string(4, "Transpose").message(5, attribute)));
        long allocated = allocatedBy(() -> open(file));
        assertTrue(allocated < Files.size(file) / 2, "allocated " + allocated + " bytes for a file of " + Files.size(file));
    }

    @Test
    void typedDataThatDoesNotFitItsShapeIsRefusedBeforeDecoding() throws IOException {
        ProtoWriter tensor = new ProtoWriter().packedVarints(1, 2).varint(2, 7).string(8, "w")
                .tag(7, ProtoReader.LENGTH_DELIMITED).rawVarint(N).raw(new byte[N]);
        Path file = model(new ProtoWriter().message(5, tensor));
        BadInputException[] refused = new BadInputException[1];
        long allocated = allocatedBy(() -> refused[0] = assertThrows(BadInputException.class, () -> open(file)));
        assertTrue(refused[0].getMessage().contains("'w' holds " + 8L * N + " bytes"), refused[0].getMessage());
        assertTrue(allocated < Files.size(file) / 2, "allocated " + allocated + " bytes for a file of " + Files.size(file));
    }

    @Test
    void aMillionDimensionsAreRefused() throws IOException {
        ProtoWriter tensor = new ProtoWriter().tag(1, ProtoReader.LENGTH_DELIMITED).rawVarint(1 << 20).raw(new byte[1 << 20])
                .varint(2, 1).string(8, "w");
        Path file = model(new ProtoWriter().message(5, tensor));
        BadInputException e = assertThrows(BadInputException.class, () -> open(file));
        assertTrue(e.getMessage().contains("more than 64 dimensions"), e.getMessage());
    }
}
