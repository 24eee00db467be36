package dev.embspace.io.gguf;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.TensorStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A llama.cpp GGUF file (version 2 or 3), memory-mapped: the magic "GGUF", the version, the tensor
 * and metadata counts, the metadata key-values, the tensor infos, padding to
 * {@code general.alignment}, then the tensors' bytes. Every tensor is a zero-copy slice of the
 * mapping; quantized ones are decoded block by block as they are read.
 *
 * <p>Everything is validated before a tensor is handed out, as for safetensors: counts and string
 * lengths are bounded by the bytes left in the file, sizes and offsets are computed with exact
 * arithmetic, every tensor's offset is aligned, its bytes lie inside the data region and overlap no
 * other tensor's, and its type is one embspace reads. A GGUF tensor's dimensions are listed
 * innermost first (ggml's ne[0] is the contiguous one); {@link #find} returns them in the engine's
 * row-major order, outermost first, so a weight stored as ne = [in, out] is a [out, in] tensor whose
 * rows are its contiguous runs, as torch's Linear stores them.
 */
public final class GgufFile implements TensorStore {

    public static final String EXTENSION = ".gguf";
    public static final long DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;
    private static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32

    private final Path file;
    private final Arena arena;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, Tensor> tensors;
    private final Map<String, GgufTensorInfo> infos;
    private boolean closed;

    private GgufFile(Path file, Arena arena, int version, GgufMetadata metadata, List<GgufTensorInfo> infos,
                     MemorySegment data) {
        this.file = file;
        this.arena = arena;
        this.version = version;
        this.metadata = metadata;
        Map<String, Tensor> tensors = new TreeMap<>();
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo info : infos) {
            tensors.put(info.name(), Tensor.of(info.type().dtype(), data.asSlice(info.offset(), info.bytes()), info.shape()));
            byName.put(info.name(), info);
        }
        this.tensors = Collections.unmodifiableMap(tensors);
        this.infos = Collections.unmodifiableMap(byName);
    }

    /** Maps and validates {@code file}; a {@link BadInputException} naming the file if it is not a GGUF we read. */
    public static GgufFile open(Path file) {
        if (!Files.exists(file)) throw new BadInputException(file, "no such file");
        if (!Files.isRegularFile(file)) throw new BadInputException(file, "not a regular file");
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapped = map(file, arena);
            GgufCursor in = new GgufCursor(file, mapped);
            int version = header(file, in);
            long tensorCount = in.count("tensor count", GgufTensorInfo.MIN_BYTES);
            long kvCount = in.count("metadata count", 13);
            GgufMetadata metadata = GgufMetadata.read(file, in, kvCount);
            long alignment = alignment(metadata);
            List<GgufTensorInfo> infos = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (long i = 0; i < tensorCount; i++) {
                GgufTensorInfo info = GgufTensorInfo.read(in, i);
                if (!names.add(info.name())) throw in.bad("tensor " + GgufCursor.quote(info.name()) + " is listed twice");
                infos.add(info);
            }
            long dataStart = in.alignedPosition(alignment);
            long dataSize = mapped.byteSize() - Math.min(dataStart, mapped.byteSize());
            if (dataStart > mapped.byteSize() && !infos.isEmpty()) {
                throw in.bad("truncated: the tensor data would start at byte " + dataStart + ", past the end of the "
                        + mapped.byteSize() + "-byte file");
            }
            for (GgufTensorInfo info : infos) info.checkPlacement(in, alignment, dataSize);
            checkNoOverlap(in, infos);
            MemorySegment data = mapped.asSlice(Math.min(dataStart, mapped.byteSize()));
            return new GgufFile(file, arena, version, metadata, infos, data);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** True when {@code file} starts with the GGUF magic (so `-m` can tell it from other files). */
    public static boolean looksLikeGguf(Path file) {
        if (file.getFileName().toString().endsWith(EXTENSION)) return true;
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static MemorySegment map(Path file, Arena arena) {
        UserFiles.requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 24) throw new BadInputException(file, "file is " + size + " bytes, too short for a GGUF header (24 bytes)");
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "permission denied");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    private static int header(Path file, GgufCursor in) {
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw new BadInputException(file, "not a GGUF file (it does not start with the magic 'GGUF')");
        }
        long version = in.u32("version");
        if (version == 1) throw new BadInputException(file, "GGUF version 1 is not supported (only 2 and 3); convert the file anew");
        if (version != 2 && version != 3) {
            String hint = version >= 0x01000000L ? " (a big-endian GGUF? only little-endian files are read)" : "";
            throw new BadInputException(file, "unsupported GGUF version " + version + hint + "; embspace reads versions 2 and 3");
        }
        return (int) version;
    }

    private static long alignment(GgufMetadata metadata) {
        Optional<Long> a = metadata.integer("general.alignment");
        if (a.isEmpty()) return DEFAULT_ALIGNMENT;
        long v = a.get();
        if (v <= 0 || Long.bitCount(v) != 1 || v > (1 << 20)) {
            throw metadata.bad("general.alignment " + v + " is not a power of two from 1 to 1048576");
        }
        return v;
    }

    /** No writer lets tensors share bytes: an overlap is a corrupt or crafted file. */
    private static void checkNoOverlap(GgufCursor in, List<GgufTensorInfo> infos) {
        List<GgufTensorInfo> byOffset = new ArrayList<>(infos);
        byOffset.removeIf(t -> t.bytes() == 0);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            GgufTensorInfo before = byOffset.get(i - 1), t = byOffset.get(i);
            if (t.offset() < before.offset() + before.bytes()) {
                throw in.bad("tensors " + GgufCursor.quote(before.name()) + " (bytes " + before.offset() + ".."
                        + (before.offset() + before.bytes()) + ") and " + GgufCursor.quote(t.name()) + " (bytes " + t.offset() + ".."
                        + (t.offset() + t.bytes()) + ") overlap");
            }
        }
    }

    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** The tensor infos in file order. */
    public List<GgufTensorInfo> tensorInfos() {
        return List.copyOf(infos.values());
    }

    @Override
    public Path source() {
        return file;
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        arena.close();
    }

    @Override
    public String toString() {
        return "GgufFile[" + file + ", v" + version + ", " + tensors.size() + " tensors]";
    }
}
