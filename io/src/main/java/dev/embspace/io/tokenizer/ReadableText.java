package dev.embspace.io.tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns token text into something a person can read on one line. Bytes that are not valid UTF-8
 * on their own (a byte-level token often holds a fragment of a multi-byte character) and control
 * characters (newline, tab, NUL...) are written as {@code <0xE2>}, the notation SentencePiece uses
 * for its byte-fallback tokens, so the two conventions look alike. Spaces are kept as spaces.
 */
final class ReadableText {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ReadableText() {
    }

    /** {@code text} with control characters escaped. */
    static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
                appendEscaped(out, Character.toString(c).getBytes(StandardCharsets.UTF_8));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@code bytes} decoded as UTF-8, invalid sequences and control characters escaped. */
    static String ofBytes(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length + 1);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        while (true) {
            CoderResult result = decoder.decode(in, chars, true);
            chars.flip();
            out.append(of(chars.toString()));
            chars.clear();
            if (result.isUnderflow()) break;
            // Malformed: escape the offending bytes one by one and carry on after them.
            byte[] bad = new byte[result.length()];
            in.get(bad);
            appendEscaped(out, bad);
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, byte[] bytes) {
        for (byte b : bytes) out.append("<0x").append(HEX.toHexDigits(b)).append('>');
    }
}
