package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Tensor data kept outside the model file (ONNX's external data: a location relative to the model,
 * an offset and a length). Each file is mapped once. A location may only name a file inside the
 * model's directory: an untrusted model must not make us read arbitrary files.
 */
final class ExternalData {

    private final Path model;
    private final Path directory;
    private final Arena arena;
    private final Map<Path, MemorySegment> mapped = new HashMap<>();

    ExternalData(Path model, Arena arena) {
        this.model = model;
        this.directory = model.toAbsolutePath().normalize().getParent();
        this.arena = arena;
    }

    /** The bytes of tensor {@code name} described by the external_data entries. */
    MemorySegment bytes(String name, Map<String, String> entries, long expectedBytes) {
        String location = entries.get("location");
        if (location == null || location.isEmpty()) {
            throw bad(name, "external data without a location");
        }
        long offset = number(name, entries, "offset", 0);
        MemorySegment file = map(name, confine(name, location));
        long length = number(name, entries, "length", file.byteSize() - offset);
        if (offset < 0 || length < 0 || offset > file.byteSize() || length > file.byteSize() - offset) {
            throw bad(name, "external data range [" + offset + ", " + offset + "+" + length + ") lies outside '"
                    + location + "' (" + file.byteSize() + " bytes)");
        }
        if (expectedBytes >= 0 && length != expectedBytes) {
            throw bad(name, "external data holds " + length + " bytes, its shape and type need " + expectedBytes);
        }
        return file.asSlice(offset, length);
    }

    private Path confine(String name, String location) {
        Path relative;
        try {
            relative = Path.of(location);
        } catch (java.nio.file.InvalidPathException e) {
            throw bad(name, "external data location '" + location + "' is not a valid path (" + e.getReason() + ")");
        }
        Path resolved = directory.resolve(relative).normalize();
        if (relative.isAbsolute() || !resolved.startsWith(directory)) {
            throw bad(name, "external data location '" + location + "' escapes the model's directory");
        }
        try {
            // Follow symbolic links too: a link inside the directory may point anywhere.
            Path real = resolved.toRealPath();
            if (!real.startsWith(directory.toRealPath())) {
                throw bad(name, "external data location '" + location + "' escapes the model's directory");
            }
            return real;
        } catch (IOException e) {
            throw bad(name, "external data file '" + location + "' cannot be read (" + e.getMessage() + ")");
        }
    }

    private MemorySegment map(String name, Path file) {
        return mapped.computeIfAbsent(file, f -> {
            // checked before the open: opening a FIFO blocks until someone writes to it
            if (!Files.isRegularFile(f)) throw bad(name, "external data '" + f + "' is not a regular file");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private long number(String name, Map<String, String> entries, String key, long fallback) {
        String v = entries.get(key);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "external data " + key + " '" + v + "' is not a number");
        }
    }

    private BadInputException bad(String name, String problem) {
        return new BadInputException(model, "initializer '" + name + "': " + problem);
    }
}
