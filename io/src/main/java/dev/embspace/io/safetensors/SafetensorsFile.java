package dev.embspace.io.safetensors;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One safetensors file, memory-mapped: an 8-byte little-endian header length, a JSON header, then the
 * tensors' bytes. Every tensor is a zero-copy slice of the mapping, so opening a multi-gigabyte
 * checkpoint costs only its header on the heap and the OS pages weights in as they are read.
 *
 * <p>The whole header is validated before a tensor is handed out (see {@link SafetensorsHeader}).
 * Tensors of dtypes the engine does not read (an I64 {@code position_ids} buffer, say) are checked but
 * left out of {@link #names()}; asking for one by name is a bad-input error that names its dtype.
 *
 * <p>The mapping lives in a shared arena owned by this object: tensors may be read from any thread
 * until {@link #close()}, and not after.
 */
public final class SafetensorsFile implements TensorStore {

    /** The reference implementation's cap: a larger header is corrupt or hostile, not a real model. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int LENGTH_PREFIX_BYTES = 8;
    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;
    private final Map<String, SafetensorsDType> unreadable;
    private boolean closed;

    private SafetensorsFile(Path file, Arena arena, SafetensorsHeader header, MemorySegment data) {
        this.file = file;
        this.arena = arena;
        this.metadata = header.metadata();
        Map<String, Tensor> tensors = new TreeMap<>();
        Map<String, SafetensorsDType> unreadable = new TreeMap<>();
        for (TensorEntry e : header.entries()) {
            Optional<DType> type = e.dtype().engineType();
            if (type.isPresent()) {
                tensors.put(e.name(), Tensor.of(type.get(), data.asSlice(e.begin(), e.byteLength()), e.shape()));
            } else {
                unreadable.put(e.name(), e.dtype());
            }
        }
        this.tensors = Collections.unmodifiableMap(tensors);
        this.unreadable = Collections.unmodifiableMap(unreadable);
    }

    /** Maps and validates {@code file}; a {@link BadInputException} naming the file if it is not valid safetensors. */
    public static SafetensorsFile open(Path file) {
        UserFiles.requireRegularFile(file);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapped = map(file, arena);
            long headerBytes = headerLength(file, mapped);
            byte[] json = mapped.asSlice(LENGTH_PREFIX_BYTES, headerBytes).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment data = mapped.asSlice(LENGTH_PREFIX_BYTES + headerBytes);
            SafetensorsHeader header = SafetensorsHeader.parse(file, json, data.byteSize());
            return new SafetensorsFile(file, arena, header, data);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment map(Path file, Arena arena) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < LENGTH_PREFIX_BYTES) {
                throw new BadInputException(file, "file is " + size + " bytes, too short for a safetensors header length (8 bytes)");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "permission denied");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    /** The header length, checked against the file before anything trusts it. */
    private static long headerLength(Path file, MemorySegment mapped) {
        long length = mapped.get(U64_LE, 0);
        long available = mapped.byteSize() - LENGTH_PREFIX_BYTES;
        // The length is an unsigned 64-bit value: read as signed, a huge one is negative.
        if (length < 0 || length > available) {
            throw new BadInputException(file, "header length " + Long.toUnsignedString(length) + " exceeds the "
                    + available + " bytes after the length field; the file is truncated or not safetensors");
        }
        if (length > MAX_HEADER_BYTES) {
            throw new BadInputException(file, "header length " + length + " exceeds the limit of " + MAX_HEADER_BYTES
                    + " bytes; the file is corrupt or not safetensors");
        }
        return length;
    }

    @Override
    public Path source() {
        return file;
    }

    /** The names of the tensors the engine can read, sorted. */
    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * The tensor called {@code name}, or empty if the file has none; a bad-input error if the file has it
     * in a dtype the engine does not read.
     */
    @Override
    public Optional<Tensor> find(String name) {
        SafetensorsDType dtype = unreadable.get(name);
        if (dtype != null) {
            throw new BadInputException(file, "tensor '" + name + "' has dtype " + dtype + "; " + SafetensorsDType.READABLE);
        }
        return Optional.ofNullable(tensors.get(name));
    }

    /** Tensors present in the file in a dtype the engine does not read, with their dtype names, sorted. */
    public Map<String, String> unreadableTensors() {
        Map<String, String> names = new TreeMap<>();
        unreadable.forEach((name, dtype) -> names.put(name, dtype.name()));
        return names;
    }

    /** The header's {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Unmaps the file; tensors read after this fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        arena.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + tensors.size() + " tensors]";
    }
}
