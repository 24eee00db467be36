package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embspace.engine.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpeModelTest {

    private static final Path FILE = Path.of("tokenizer.json");

    /** a b c, then merges by rank: "a b", "ab c", "b c". */
    private static Map<String, Integer> vocab() {
        Map<String, Integer> vocab = new HashMap<>(Map.of("a", 0, "b", 1, "c", 2, "ab", 3, "abc", 4, "bc", 5, "<unk>", 6));
        for (int b = 0; b < 256; b++) vocab.put(String.format("<0x%02X>", b), 7 + b);
        return vocab;
    }

    private static final List<String[]> MERGES = List.of(new String[] {"a", "b"}, new String[] {"ab", "c"}, new String[] {"b", "c"});

    private static List<String> tokenize(BpeModel model, String word) {
        List<Token> out = new ArrayList<>();
        model.tokenize(word, out);
        return out.stream().map(Token::value).toList();
    }

    private static BpeModel model(String unk, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
        return new BpeModel(FILE, vocab(), MERGES, new BpeModel.Options(unk, null, null, fuseUnk, byteFallback, ignoreMerges));
    }

    @Test
    void lowestRankedMergeWinsLeftmostFirst() {
        BpeModel model = model(null, false, false, false);
        assertEquals(List.of("abc"), tokenize(model, "abc"));
        // "a b" outranks "b c", so "abc c" never becomes "a bc c".
        assertEquals(List.of("abc", "bc"), tokenize(model, "abcbc"));
        assertEquals(List.of("ab", "ab"), tokenize(model, "abab"));
        assertEquals(List.of("c", "a"), tokenize(model, "ca"));
    }

    @Test
    void unknownCharactersBecomeUnknownTokensFusedOnRequest() {
        assertEquals(List.of("ab", "<unk>", "<unk>", "c"), tokenize(model("<unk>", false, false, false), "abxyc"));
        assertEquals(List.of("ab", "<unk>", "c"), tokenize(model("<unk>", true, false, false), "abxyc"));
        // Without an unknown token the library drops the characters, and their neighbours then merge.
        assertEquals(List.of("abc"), tokenize(model(null, false, false, false), "abxyc"));
    }

    @Test
    void byteFallbackSpellsUnknownCharactersAsUtf8Bytes() {
        assertEquals(List.of("a", "<0xC3>", "<0xA9>", "bc"), tokenize(model("<unk>", false, true, false), "aébc"));
    }

    @Test
    void ignoreMergesTakesAWholeWordFromTheVocabulary() {
        Map<String, Integer> vocab = vocab();
        vocab.put("bca", 300);
        BpeModel model = new BpeModel(FILE, vocab, MERGES, new BpeModel.Options(null, null, null, false, false, true));
        assertEquals(List.of("bca"), tokenize(model, "bca"));
        assertEquals(List.of("bc", "a"), tokenize(model(null, false, false, false), "bca"));
    }

    @Test
    void aMergeOfUnknownSymbolsIsRejectedWithTheFileNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> new BpeModel(FILE, vocab(),
                List.<String[]>of(new String[] {"c", "a"}), new BpeModel.Options(null, null, null, false, false, false)));
        assertTrue(e.getMessage().startsWith("tokenizer.json: merge 1 ('c a') uses 'ca'"), e.getMessage());
    }
}
