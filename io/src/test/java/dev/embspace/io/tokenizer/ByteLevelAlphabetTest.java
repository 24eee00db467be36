package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteLevelAlphabetTest {

    @Test
    void everyByteHasItsOwnPrintableCharacterAndComesBack() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevelAlphabet.charOf(b);
            assertTrue(seen.add(c), "character reused for byte " + b);
            assertTrue(!Character.isWhitespace(c) && !Character.isISOControl(c), "byte " + b + " -> " + (int) c);
            assertEquals(b, ByteLevelAlphabet.byteOf(c));
        }
        assertEquals(-1, ByteLevelAlphabet.byteOf('\u2581'));
    }

    @Test
    void matchesGpt2sWellKnownSpellings() {
        assertEquals('Ġ', ByteLevelAlphabet.charOf(' '));
        assertEquals('Ċ', ByteLevelAlphabet.charOf('\n'));
        assertEquals('ĉ', ByteLevelAlphabet.charOf('\t'));
        assertEquals('Ā', ByteLevelAlphabet.charOf(0));
        assertEquals('Ń', ByteLevelAlphabet.charOf(0xAD));
        assertEquals("ĠhellÃ¶", ByteLevelAlphabet.encode(" hellö"));
    }

    @Test
    void encodeAndDecodeRoundTripAnyText() {
        String text = "naïve café — 日本語 😀 \n\t end";
        String encoded = ByteLevelAlphabet.encode(text);
        assertTrue(ByteLevelAlphabet.isEncoded(encoded));
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), ByteLevelAlphabet.decode(encoded));
    }

    @Test
    void readableBytesEscapeFragmentsAndControls() {
        assertEquals("a<0xE2><0x80>b", ReadableText.ofBytes(new byte[] {'a', (byte) 0xE2, (byte) 0x80, 'b'}));
        assertEquals("<0x00>x<0x7F>", ReadableText.ofBytes(new byte[] {0, 'x', 0x7F}));
        assertEquals("日本", ReadableText.ofBytes("日本".getBytes(StandardCharsets.UTF_8)));
        assertEquals("<0xF0><0x9F>", ReadableText.ofBytes(new byte[] {(byte) 0xF0, (byte) 0x9F}));
        assertEquals("tab<0x09>", ReadableText.of("tab\t"));
    }
}
