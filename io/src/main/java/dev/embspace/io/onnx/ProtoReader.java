package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * A cursor over one protobuf message in the wire format: a sequence of (tag, value) fields, where the
 * tag packs the field number and the wire type. It reads straight from a (usually memory-mapped)
 * segment and hands out length-delimited values as slices, so a 100 MB {@code raw_data} costs no copy.
 *
 * <p>Every length is checked against the end of the enclosing message before it is used, so a
 * corrupt or hostile file fails with a message naming the file and the byte offset instead of
 * allocating, looping or reading out of bounds.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final MemorySegment data;
    /** Offset of {@code data} in the file, so that errors report file positions. */
    private final long base;
    /** Size of the whole file: a length reaching past it means the file was cut short. */
    private final long fileSize;
    private long pos;
    private int tag;

    ProtoReader(Path file, MemorySegment data) {
        this(file, data, 0, data.byteSize());
    }

    private ProtoReader(Path file, MemorySegment data, long base, long fileSize) {
        this.file = file;
        this.data = data;
        this.base = base;
        this.fileSize = fileSize;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= data.byteSize()) return false;
        long start = pos;
        long key = readVarint();
        if (key >>> 3 == 0 || key >>> 32 != 0) throw corrupt("invalid field key " + key + " at byte " + (base + start));
        tag = (int) key;
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= data.byteSize()) throw truncated();
            byte b = data.get(ValueLayout.JAVA_BYTE, pos++);
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
        }
        throw corrupt("varint longer than 10 bytes at byte " + (base + pos - 10));
    }

    int readFixed32() {
        require(4);
        int v = data.get(I32_LE, pos);
        pos += 4;
        return v;
    }

    long readFixed64() {
        require(8);
        long v = data.get(I64_LE, pos);
        pos += 8;
        return v;
    }

    float readFloat() {
        expect(FIXED32);
        return Float.intBitsToFloat(readFixed32());
    }

    /** The current varint field as a signed 64-bit value. */
    long readInt64() {
        expect(VARINT);
        return readVarint();
    }

    /** A length-delimited value as a slice of the underlying segment (no copy). */
    MemorySegment readBytes() {
        expect(LENGTH_DELIMITED);
        long lengthAt = base + pos;
        long length = readVarint();
        long remaining = data.byteSize() - pos;
        if (length < 0 || length > remaining) {
            String problem = "length " + Long.toUnsignedString(length) + " at byte " + lengthAt;
            if (base + data.byteSize() == fileSize) {
                throw corrupt("truncated protobuf at byte " + fileSize + ": " + problem + " runs past the end of the file ("
                        + remaining + " bytes left)");
            }
            throw corrupt(problem + " runs past the end of its message (" + remaining + " bytes left)");
        }
        MemorySegment slice = data.asSlice(pos, length);
        pos += length;
        return slice;
    }

    /** Offset in the file of the next unread byte, for error messages. */
    long position() {
        return base + pos;
    }

    String readString() {
        MemorySegment bytes = readBytes();
        if (bytes.byteSize() > Integer.MAX_VALUE - 8) throw corrupt("string of " + bytes.byteSize() + " bytes at byte " + position());
        return new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    ProtoReader readMessage() {
        MemorySegment bytes = readBytes();
        return new ProtoReader(file, bytes, base + pos - bytes.byteSize(), fileSize);
    }

    /**
     * Reads a repeated int64 field that may be packed (one length-delimited run of varints) or not
     * (one varint per occurrence), passing each value on.
     */
    void readRepeatedInt64(LongConsumer sink) {
        if (wireType() == VARINT) {
            sink.accept(readVarint());
            return;
        }
        ProtoReader packed = readMessage();
        while (packed.pos < packed.data.byteSize()) sink.accept(packed.readVarint());
    }

    /** How many varints the rest of this message holds (bytes with the high bit clear end one each); reads nothing. */
    long countVarints() {
        long n = 0;
        for (long k = pos; k < data.byteSize(); k++) if (data.get(ValueLayout.JAVA_BYTE, k) >= 0) n++;
        return n;
    }

    boolean atEnd() {
        return pos >= data.byteSize();
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> require(8).pos += 8;
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> require(4).pos += 4;
            default -> throw corrupt("unsupported wire type " + wireType() + " for field " + field()
                    + " before byte " + (base + pos));
        }
    }

    BadInputException corrupt(String problem) {
        return new BadInputException(file, "corrupt ONNX: " + problem);
    }

    private void expect(int wireType) {
        if (wireType() != wireType) {
            throw corrupt("field " + field() + " has wire type " + wireType() + ", expected " + wireType
                    + " (before byte " + (base + pos) + ")");
        }
    }

    private ProtoReader require(long bytes) {
        if (data.byteSize() - pos < bytes) throw truncated();
        return this;
    }

    private BadInputException truncated() {
        // At the end of the file the file was cut short; inside it, a length field lied about its message.
        long end = base + data.byteSize();
        return new BadInputException(file, "corrupt ONNX: truncated protobuf at byte " + end
                + (end == fileSize ? "" : " (the end of an enclosing message)"));
    }
}
