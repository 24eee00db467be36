package dev.embspace.io.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * General categories as of Unicode 8.0, the tables the library's BERT normalizer, BERT and
 * Punctuation pre-tokenizers and StripAccents consult (Rust's unicode_categories crate, frozen at
 * Unicode 8.0). Java knows Unicode 16: a character assigned since 8.0 (U+061D, recent emoji,
 * whole scripts) has no category there, so the library never treats it as a control character,
 * punctuation or an accent, and neither may we. Seven older characters changed category since.
 */
final class UnicodeEightCategories {

    private static final String RESOURCE = "unicode-8.0-assigned.txt";
    /** Sorted, disjoint ranges: starts[i]..ends[i] inclusive. */
    private static final int[] STARTS;
    private static final int[] ENDS;

    static {
        List<int[]> ranges = new ArrayList<>();
        try (InputStream in = UnicodeEightCategories.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] bounds = line.strip().split("\\.\\.");
                ranges.add(new int[] {Integer.parseInt(bounds[0], 16), Integer.parseInt(bounds[1], 16)});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        STARTS = ranges.stream().mapToInt(r -> r[0]).toArray();
        ENDS = ranges.stream().mapToInt(r -> r[1]).toArray();
    }

    private UnicodeEightCategories() {
    }

    /** The Unicode 8.0 general category of {@code cp}, as a {@link Character#getType} constant. */
    static int type(int cp) {
        if (!assigned(cp)) return Character.UNASSIGNED;
        return switch (cp) {
            // Category changes since 8.0 (UCD history): Po in 8.0, So from 12.0; Po in 8.0, Mn from 11.0;
            // Lo in 8.0, Mn from 9.0; Mc in 8.0, Mn from 12.0; Mn in 8.0, Mc from 14.0.
            case 0x166D, 0x111C9 -> Character.OTHER_PUNCTUATION;
            case 0x1885, 0x1886 -> Character.OTHER_LETTER;
            case 0xA9BD -> Character.COMBINING_SPACING_MARK;
            case 0x1734, 0x1171E -> Character.NON_SPACING_MARK;
            default -> Character.getType(cp);
        };
    }

    private static boolean assigned(int cp) {
        int i = Arrays.binarySearch(STARTS, cp);
        if (i >= 0) return true;
        int range = -i - 2;
        return range >= 0 && cp <= ENDS[range];
    }
}
