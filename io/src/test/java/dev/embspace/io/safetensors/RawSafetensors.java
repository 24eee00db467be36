package dev.embspace.io.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes safetensors files byte by byte, bypassing {@link SafetensorsWriter}, so tests can produce
 * headers no correct writer would: lying lengths, hand-made JSON, odd padding.
 */
public final class RawSafetensors {

    private RawSafetensors() {
    }

    /** The 8-byte little-endian length field followed by {@code rest}. */
    public static byte[] withDeclaredLength(long declaredHeaderLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredHeaderLength).put(rest).array();
    }

    /** A file whose header is exactly {@code headerJson} (length field true) followed by {@code data}. */
    public static byte[] file(String headerJson, byte[] data) {
        byte[] json = headerJson.getBytes(StandardCharsets.UTF_8);
        byte[] rest = new byte[json.length + data.length];
        System.arraycopy(json, 0, rest, 0, json.length);
        System.arraycopy(data, 0, rest, json.length, data.length);
        return withDeclaredLength(json.length, rest);
    }

    /** Little-endian F32 bytes of {@code values}. */
    public static byte[] f32(float... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) buf.putFloat(v);
        return buf.array();
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes);
    }
}
