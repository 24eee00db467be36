package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SentencePiece's normalization rules compiled into the model ("Precompiled", with its
 * {@code precompiled_charsmap}: T5, ALBERT, XLM-R), applied as the library's spm_precompiled crate
 * does. The charsmap is a little-endian u32 byte count, that many bytes of a double-array trie
 * (darts-clone's units) over UTF-8 keys, then a pool of NUL-terminated UTF-8 replacements; a key's
 * value is the offset of its replacement in the pool.
 *
 * <p>The library's rule, odd but what its models were checked against: each grapheme cluster of
 * fewer than 6 UTF-8 bytes is looked up whole, and if any key is a prefix of it, the whole cluster
 * becomes the replacement of the <em>shortest</em> such key; otherwise each character is looked up
 * alone. Lookups walk at most a few bytes, and the trie is bounds-checked as it is walked, so a
 * hostile charsmap costs no more than a valid one and fails with the file's name.
 */
final class PrecompiledNormalizer implements Normalizer {

    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    /** The library tries the whole grapheme only below this many bytes. */
    private static final int GRAPHEME_BYTES = 6;

    private final Path file;
    private final int[] units;
    private final byte[] pool;
    /** Replacements by pool offset, decoded on first use. */
    private final Map<Integer, String> replacements = new ConcurrentHashMap<>();

    private PrecompiledNormalizer(Path file, int[] units, byte[] pool) {
        this.file = file;
        this.units = units;
        this.pool = pool;
    }

    /** Parses a charsmap; a malformed one is a BadInputException naming {@code file}. */
    static PrecompiledNormalizer parse(Path file, byte[] charsmap) {
        if (charsmap.length < 4) throw malformed(file, "shorter than its 4-byte header");
        ByteBuffer in = ByteBuffer.wrap(charsmap).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = Integer.toUnsignedLong(in.getInt());
        if (trieBytes % 4 != 0) throw malformed(file, "trie size " + trieBytes + " is not a multiple of 4");
        if (trieBytes > charsmap.length - 4) {
            throw malformed(file, "trie size " + trieBytes + " exceeds the " + (charsmap.length - 4) + " bytes that follow");
        }
        int[] units = new int[(int) (trieBytes / 4)];
        in.asIntBuffer().get(units);
        byte[] pool = new byte[charsmap.length - 4 - units.length * 4];
        in.position(4 + units.length * 4);
        in.get(pool);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(pool));
        } catch (CharacterCodingException e) {
            throw malformed(file, "its replacement strings are not UTF-8");
        }
        return new PrecompiledNormalizer(file, units, pool);
    }

    @Override
    public String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        Matcher graphemes = GRAPHEME.matcher(text);
        while (graphemes.find()) {
            String grapheme = graphemes.group();
            byte[] bytes = grapheme.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < GRAPHEME_BYTES) {
                String whole = transform(bytes);
                if (whole != null) {
                    out.append(whole);
                    continue;
                }
            }
            for (int i = 0; i < grapheme.length(); ) {
                int cp = grapheme.codePointAt(i);
                String replaced = transform(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                if (replaced != null) out.append(replaced);
                else out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }

    /** The replacement of the shortest key that is a prefix of {@code key}, or null if none is. */
    private String transform(byte[] key) {
        if (units.length == 0) return null;
        long position = offset(units[0]);
        for (byte b : key) {
            int c = b & 0xFF;
            if (c == 0) return null;
            position ^= c;
            int unit = unit(position);
            if ((unit & 0x800000FF) != c) return null;
            position ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) return replacement(unit(position) & 0x7FFFFFFF);
        }
        return null;
    }

    private int unit(long position) {
        if (position >= units.length) throw malformed(file, "its trie points past its end");
        return units[(int) position];
    }

    /** darts-clone's offset: 22 bits, scaled by 256 when bit 9 is set. */
    private static long offset(int unit) {
        return Integer.toUnsignedLong(unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    private String replacement(int start) {
        return replacements.computeIfAbsent(start, s -> {
            if (s > pool.length) throw malformed(file, "a replacement starts past the end of the pool");
            int end = s;
            while (end < pool.length && pool[end] != 0) end++;
            // The pool is valid UTF-8 and NUL is one byte, so only the start can split a character.
            if (s < pool.length && (pool[s] & 0xC0) == 0x80) throw malformed(file, "a replacement starts inside a character");
            return new String(pool, s, end - s, StandardCharsets.UTF_8);
        });
    }

    private static BadInputException malformed(Path file, String problem) {
        return new BadInputException(file, "normalizer.precompiled_charsmap: malformed (" + problem + ")");
    }
}
