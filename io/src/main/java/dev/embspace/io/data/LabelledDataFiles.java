package dev.embspace.io.data;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a labelled data file in either of the contract's formats: JSON Lines
 * ({@code {"text": str, "label": str|int}} per line) or CSV with a header naming {@code text} and
 * {@code label}. The format follows the extension ({@code .jsonl}, {@code .ndjson}, {@code .json};
 * {@code .csv}), and otherwise the first character: a JSON line starts with '{'.
 */
public final class LabelledDataFiles {

    public enum Format { JSON_LINES, CSV }

    private LabelledDataFiles() {
    }

    /**
     * The examples of {@code file}.
     *
     * @throws BadInputException naming the file (and line) for a missing file, invalid UTF-8, a
     *                           malformed line, a missing label, an empty text, or no examples
     */
    public static LabelledData read(Path file) {
        String content = decodeUtf8(file, readBytes(file));
        if (content.startsWith("\uFEFF")) content = content.substring(1);
        return switch (format(file, content)) {
            case JSON_LINES -> JsonLinesReader.read(file, content);
            case CSV -> CsvReader.read(file, content);
        };
    }

    static Format format(Path file, String content) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return Format.CSV;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return Format.JSON_LINES;
        return content.stripLeading().startsWith("{") ? Format.JSON_LINES : Format.CSV;
    }

    private static byte[] readBytes(Path file) {
        return UserFiles.readAllBytes(file, UserFiles.MAX_DATA_BYTES, "the data file");
    }

    // Strict decoding: a Latin-1 file read as UTF-8 would otherwise turn into replacement characters
    // that the model then tokenizes as if they were text.
    private static String decodeUtf8(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "line " + lineOfByte(bytes, firstInvalidUtf8(bytes))
                    + ": not valid UTF-8 (data files must be UTF-8)");
        }
    }

    private static long lineOfByte(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
    private static int firstInvalidUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length;
    }
}
