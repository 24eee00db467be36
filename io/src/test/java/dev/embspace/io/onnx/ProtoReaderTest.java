package dev.embspace.io.onnx;

import dev.embspace.engine.BadInputException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtoReaderTest {

    private static final Path FILE = Path.of("model.onnx");

    private static ProtoReader reader(ProtoWriter w) {
        return reader(w.toByteArray());
    }

    private static ProtoReader reader(byte[] bytes) {
        return new ProtoReader(FILE, MemorySegment.ofArray(bytes));
    }

    private static ProtoReader firstMessage(ProtoWriter w) {
        ProtoReader r = reader(w);
        r.next();
        return r.readMessage();
    }

    @Test
    void readsEveryWireTypeAndReportsFieldNumbers() {
        ProtoReader r = reader(new ProtoWriter()
                .varint(1, 300)
                .varint(2, -1)
                .fixed32(3, 0xCAFEBABE)
                .fixed64(4, 0x0123456789ABCDEFL)
                .string(5, "naïve")
                .float32(6, 1.5f));
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(300, r.readInt64());
        assertTrue(r.next());
        assertEquals(-1, r.readInt64(), "negative int64 is a 10-byte varint");
        assertTrue(r.next());
        assertEquals(0xCAFEBABE, r.readFixed32());
        assertTrue(r.next());
        assertEquals(0x0123456789ABCDEFL, r.readFixed64());
        assertTrue(r.next());
        assertEquals("naïve", r.readString());
        assertTrue(r.next());
        assertEquals(6, r.field());
        assertEquals(1.5f, r.readFloat());
        assertFalse(r.next());
    }

    @Test
    void lengthDelimitedValuesAreSlicesNotCopies() {
        byte[] file = new ProtoWriter().bytes(9, new byte[] {1, 2, 3, 4}).toByteArray();
        MemorySegment whole = MemorySegment.ofArray(file);
        ProtoReader r = new ProtoReader(FILE, whole);
        assertTrue(r.next());
        MemorySegment slice = r.readBytes();
        assertArrayEquals(new byte[] {1, 2, 3, 4}, slice.toArray(ValueLayout.JAVA_BYTE));
        file[file.length - 1] = 42; // the slice sees writes to the underlying bytes
        assertEquals(42, slice.get(ValueLayout.JAVA_BYTE, 3));
    }

    @Test
    void skipsUnknownFieldsOfEveryWireType() {
        ProtoReader r = reader(new ProtoWriter()
                .varint(100, 1L << 40).fixed64(101, 7).bytes(102, new byte[50]).fixed32(103, 9)
                .string(1, "kept"));
        String kept = null;
        while (r.next()) {
            if (r.field() == 1) kept = r.readString();
            else r.skip();
        }
        assertEquals("kept", kept);
    }

    @Test
    void nestedMessagesReportFilePositions() {
        ProtoWriter inner = new ProtoWriter().varint(1, 5).tag(2, ProtoReader.VARINT).raw(new byte[] {(byte) 0x80});
        ProtoReader outer = reader(new ProtoWriter().string(1, "pad").message(7, inner).varint(9, 1));
        outer.next();
        outer.skip();
        outer.next();
        ProtoReader r = outer.readMessage();
        r.next();
        r.readInt64();
        r.next();
        // The inner message starts at byte 7 (5 bytes of "pad" field, tag, length) and is 4 bytes long.
        BadInputException e = assertThrows(BadInputException.class, r::readInt64);
        assertEquals("model.onnx: corrupt ONNX: truncated protobuf at byte 11 (the end of an enclosing message)", e.getMessage());
    }

    @Test
    void truncatedFixedWidthValuesAreReported() {
        byte[] bytes = new ProtoWriter().fixed64(1, 1).toByteArray();
        ProtoReader r = reader(java.util.Arrays.copyOf(bytes, bytes.length - 3));
        r.next();
        BadInputException e = assertThrows(BadInputException.class, r::readFixed64);
        assertTrue(e.getMessage().contains("truncated protobuf at byte 6"), e.getMessage());
    }

    @Test
    void hostileLengthsAreRejectedBeforeUse() {
        for (long length : new long[] {1L << 40, Long.MAX_VALUE, -1L, 6}) {
            ProtoWriter inner = new ProtoWriter().tag(7, ProtoReader.LENGTH_DELIMITED).rawVarint(length).raw(new byte[5]);
            ProtoReader top = reader(inner);
            top.next();
            BadInputException atEnd = assertThrows(BadInputException.class, top::readMessage);
            assertEquals("model.onnx: corrupt ONNX: truncated protobuf at byte " + inner.toByteArray().length + ": length "
                    + Long.toUnsignedString(length) + " at byte 1 runs past the end of the file (5 bytes left)", atEnd.getMessage());

            ProtoReader nested = firstMessage(new ProtoWriter().message(1, inner).varint(2, 0));
            nested.next();
            BadInputException inside = assertThrows(BadInputException.class, nested::readMessage);
            assertTrue(inside.getMessage().endsWith("runs past the end of its message (5 bytes left)"), inside.getMessage());
        }
    }

    @Test
    void overlongVarintsAndBadKeysAreRejected() {
        byte[] eleven = new byte[12];
        eleven[0] = 0x08; // field 1, varint
        for (int i = 1; i < 12; i++) eleven[i] = (byte) 0xff;
        ProtoReader r = reader(eleven);
        r.next();
        BadInputException e = assertThrows(BadInputException.class, r::readInt64);
        assertTrue(e.getMessage().contains("varint longer than 10 bytes"), e.getMessage());

        assertTrue(assertThrows(BadInputException.class, () -> reader(new byte[] {0x00}).next())
                .getMessage().contains("invalid field key 0 at byte 0"));
    }

    @Test
    void groupsAndWrongWireTypesAreReportedNotMisread() {
        ProtoReader group = reader(new ProtoWriter().tag(5, 3).toByteArray());
        group.next();
        assertTrue(assertThrows(BadInputException.class, group::skip).getMessage().contains("unsupported wire type 3 for field 5"));

        ProtoReader wrong = reader(new ProtoWriter().varint(8, 1));
        wrong.next();
        assertTrue(assertThrows(BadInputException.class, wrong::readString).getMessage()
                .contains("field 8 has wire type 0, expected 2"));
    }

    @Test
    void repeatedInt64AcceptsPackedAndUnpackedForms() {
        ProtoReader r = reader(new ProtoWriter().packedVarints(1, 3, 300, 1L << 35).varint(1, 7));
        LongList values = new LongList();
        while (r.next()) r.readRepeatedInt64(values::add);
        assertArrayEquals(new long[] {3, 300, 1L << 35, 7}, values.toArray());
    }
}
