package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The library's own examples of added-token matching options. */
class AddedVocabularyTest {

    private static AddedToken token(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
                                    boolean normalized, boolean special) {
        return new AddedToken(id, content, singleWord, lstrip, rstrip, normalized, special);
    }

    /** The segments as "text" for plain text and "[id:text]" for added tokens. */
    private static List<String> segments(AddedVocabulary vocabulary, String input) {
        return vocabulary.extract(input).stream().map(s -> switch (s) {
            case AddedVocabulary.Matched(Token t) -> "[" + t.id() + ":" + t.value() + "]";
            case AddedVocabulary.Text(Piece p) -> p.text();
        }).toList();
    }

    @Test
    void stripOptionsSwallowSpacesAndNormalizedTokensMatchNormalizedText() {
        AddedVocabulary vocabulary = new AddedVocabulary(List.of(
                token(0, "my", false, true, true, true, false),
                token(1, "name", false, false, false, true, false),
                token(2, "ony", true, false, false, true, false),
                token(3, "[CLS]", false, false, false, false, true),
                token(4, "[SEP]", false, false, false, false, true)), new Normalizer.Lowercase());
        assertEquals(List.of("[3:[CLS]]", "[0: my ]", "[1:name]", " is anthony ", "[4:[SEP]]"),
                segments(vocabulary, "[CLS] My name is Anthony [SEP]"));
    }

    @Test
    void singleWordTokensMatchOnlyOutsideWords() {
        AddedVocabulary vocabulary = new AddedVocabulary(List.of(token(0, "<mask>", true, false, false, true, false)),
                new Normalizer.Lowercase());
        assertEquals(List.of("[0:<mask>]", " my name ", "[0:<mask>]", " a<mask> <mask>ony ", "[0:<mask>]"),
                segments(vocabulary, "<mask> My name <mask> A<mask> <mask>ony <mask>"));
    }

    @Test
    void leftmostLongestMatchWins() {
        AddedVocabulary vocabulary = new AddedVocabulary(List.of(
                token(0, "<a>", false, false, false, false, true),
                token(1, "<a><b>", false, false, false, false, true)), new Normalizer.Identity());
        assertEquals(List.of("x", "[1:<a><b>]", "[0:<a>]", "y"), segments(vocabulary, "x<a><b><a>y"));
    }
}
