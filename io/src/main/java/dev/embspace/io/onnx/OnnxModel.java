package dev.embspace.io.onnx;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * An ONNX model read from disk: the file is memory-mapped and parsed once; the initializers are views
 * over the mapping (and over any external-data files), valid until {@link #close()}.
 */
public final class OnnxModel implements AutoCloseable {

    private final Path file;
    private final Arena arena;
    private final long irVersion;
    private final String producer;
    private final Map<String, Long> opsets;
    private final OnnxGraph graph;

    OnnxModel(Path file, Arena arena, long irVersion, String producer, Map<String, Long> opsets, OnnxGraph graph) {
        this.file = file;
        this.arena = arena;
        this.irVersion = irVersion;
        this.producer = producer;
        this.opsets = Map.copyOf(opsets);
        this.graph = graph;
    }

    /** Maps and parses {@code file}; a corrupt file raises a {@link BadInputException} naming it. */
    public static OnnxModel open(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new BadInputException(file, "is a directory, not an ONNX file");
        UserFiles.requireRegularFile(file);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment data;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            if (data.byteSize() == 0) throw new BadInputException(file, "empty file, not an ONNX model");
            return new OnnxModelParser(file, arena).parse(data);
        } catch (RuntimeException | IOException | Error e) {
            arena.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public long irVersion() {
        return irVersion;
    }

    /** "pytorch 2.0.1" and the like; empty when the exporter did not say. */
    public String producer() {
        return producer;
    }

    /** Operator set versions by domain ("" is the default ONNX domain). */
    public Map<String, Long> opsets() {
        return opsets;
    }

    public OnnxGraph graph() {
        return graph;
    }

    @Override
    public void close() {
        arena.close();
    }
}
