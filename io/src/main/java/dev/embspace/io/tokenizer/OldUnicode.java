package dev.embspace.io.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * General categories as older Unicode versions gave them. The library classifies characters with
 * frozen tables: its BERT normalizer, BERT and Punctuation pre-tokenizers use Unicode 8.0's (the
 * unicode_categories crate), its StripAccents normalizer and NFC/NFD/NFKC/NFKD Unicode 9.0's (its
 * normalization crate; see {@link FrozenNormalization}).
 * Java knows Unicode 16, so a character assigned later (U+061D, recent emoji, whole scripts) must
 * count as having no category at all, and a few older characters have changed category since.
 */
enum OldUnicode {
    V8_0(8.0), V9_0(9.0);

    private static final String RESOURCE = "unicode-age-to-9.0.txt";
    /** Sorted ranges starts[i]..ends[i], assigned in Unicode version ages[i]. */
    private static final int[] STARTS;
    private static final int[] ENDS;
    private static final double[] AGES;

    static {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = OldUnicode.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) rows.add(line.strip().split("\\.\\.| "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        STARTS = rows.stream().mapToInt(r -> Integer.parseInt(r[0], 16)).toArray();
        ENDS = rows.stream().mapToInt(r -> Integer.parseInt(r[1], 16)).toArray();
        AGES = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
    }

    private final double version;

    OldUnicode(double version) {
        this.version = version;
    }

    /** The general category of {@code cp} in this version, as a {@link Character#getType} constant. */
    int type(int cp) {
        if (!assigned(cp)) return Character.UNASSIGNED;
        return switch (cp) {
            // The characters of these classes whose category changed after 8.0 (Unicode's history):
            // U+166D Po until 12.0; U+111C9 Po until 11.0; U+1885-1886 Lo until 9.0; U+A9BD Mc until
            // 12.0; U+1734 and U+1171E Mn until 14.0; U+1CF2-1CF3 Mc until 10.0.
            case 0x166D, 0x111C9 -> Character.OTHER_PUNCTUATION;
            case 0x1885, 0x1886 -> this == V8_0 ? Character.OTHER_LETTER : Character.NON_SPACING_MARK;
            case 0xA9BD, 0x1CF2, 0x1CF3 -> Character.COMBINING_SPACING_MARK;
            case 0x1734, 0x1171E -> Character.NON_SPACING_MARK;
            default -> Character.getType(cp);
        };
    }

    /** Whether {@code cp} was assigned in this version. */
    boolean assigned(int cp) {
        int lo = 0;
        int hi = STARTS.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < STARTS[mid]) hi = mid - 1;
            else if (cp > ENDS[mid]) lo = mid + 1;
            else return AGES[mid] <= version;
        }
        return false;
    }
}
