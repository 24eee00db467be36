package dev.embspace.io.gguf;

import dev.embspace.engine.BadInputException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the little-endian fields of a GGUF header in order, checking every read against the end of
 * the file: a count or length that the remaining bytes cannot hold is an error before anything is
 * allocated for it, so a crafted header cannot ask for gigabytes.
 */
final class GgufCursor {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final MemorySegment bytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long position;

    GgufCursor(Path file, MemorySegment bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    long position() {
        return position;
    }

    long remaining() {
        return bytes.byteSize() - position;
    }

    BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }

    private long take(long n, String what) {
        if (n < 0 || n > remaining()) {
            throw bad("truncated: " + what + " at byte " + position + " needs " + Long.toUnsignedString(n)
                    + " bytes but the file has " + remaining() + " left");
        }
        long at = position;
        position += n;
        return at;
    }

    int u8(String what) {
        return bytes.get(ValueLayout.JAVA_BYTE, take(1, what)) & 0xFF;
    }

    short i16(String what) {
        return bytes.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), take(2, what));
    }

    int i32(String what) {
        return bytes.get(U32, take(4, what));
    }

    /** An unsigned 32-bit value, widened. */
    long u32(String what) {
        return Integer.toUnsignedLong(i32(what));
    }

    /** A 64-bit value as stored; unsigned ones above Long.MAX_VALUE come back negative. */
    long i64(String what) {
        return bytes.get(U64, take(8, what));
    }

    /**
     * An unsigned 64-bit count of items each taking at least {@code minItemBytes}: refused when the
     * rest of the file could not hold that many, which also keeps it a non-negative long.
     */
    long count(String what, int minItemBytes) {
        return count(what, "", minItemBytes);
    }

    /** {@link #count} named {@code what + suffix} in errors (built only then: strings are read by the thousand). */
    private long count(String what, String suffix, int minItemBytes) {
        long at = position;
        long n = i64(what);
        if (n < 0 || n > remaining() / minItemBytes) {
            throw bad(what + suffix + " " + Long.toUnsignedString(n) + " (at byte " + at + ") is more than the "
                    + remaining() + " bytes left in the file can hold");
        }
        return n;
    }

    /** A GGUF string: a u64 byte length, then that many bytes of UTF-8. */
    String string(String what) {
        long length = count(what, " length", 1);
        long at = take(length, what);
        if (length > Integer.MAX_VALUE - 8) throw bad(what + " at byte " + at + " is " + length + " bytes, too long");
        byte[] raw = bytes.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
        try {
            return utf8.reset().decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw bad(what + " at byte " + at + " is not valid UTF-8");
        }
    }

    /** Skips to the next multiple of {@code alignment} (the padding before the tensor data). */
    long alignedPosition(long alignment) {
        long rem = position % alignment;
        return rem == 0 ? position : Math.addExact(position, alignment - rem);
    }

    /** {@code text} quoted for a one-line error: control characters escaped, long names cut. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 120); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append(text.length() > 120 ? "...'" : "'").toString();
    }
}
